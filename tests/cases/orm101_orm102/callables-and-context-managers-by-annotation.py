from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import AsyncContextManager
from sqlalchemy.ext.asyncio import AsyncSession

class Repository:
    def __init__(self, session_factory: Callable[..., AbstractAsyncContextManager[AsyncSession]]) -> None:
        self.session_factory = session_factory

    async def add(self, user) -> None:
        async with self.session_factory() as session:
            session.add(user)
            session.commit()  # expect: ORM101:13

async def f(make: Callable[[], AsyncSession], scope: AsyncContextManager[AsyncSession]) -> None:
    session = make()
    session.flush()  # expect: ORM101:5
    async with scope as other:
        other.commit()  # expect: ORM101:9

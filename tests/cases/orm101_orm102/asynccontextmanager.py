from contextlib import asynccontextmanager
from typing import AsyncIterator
from sqlalchemy.ext.asyncio import AsyncSession

@asynccontextmanager
async def session_scope() -> AsyncIterator[AsyncSession]:
    yield ...

async def f() -> None:
    async with session_scope() as session:
        session.commit()  # expect: ORM101:9

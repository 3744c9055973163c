from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from typing import Any
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

async def f(
    sync_factory: Callable[..., AbstractContextManager[Session]],
    anything: Callable[..., Any],
    bare: Callable,
    scope: AbstractAsyncContextManager[AsyncSession],
    make: Callable[[], AsyncSession],
) -> None:
    with sync_factory() as session:
        session.commit()
    anything().commit()
    bare().commit()
    scope.commit()
    make.commit()
    session = make()
    print(session)

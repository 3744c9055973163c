from typing import Any, Awaitable, Generic, TypeVar
from sqlalchemy import Result
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")

class Box(Generic[T]):
    pass

async def later(session: AsyncSession, stmt) -> Awaitable[Result[Any]]:
    return session.execute(stmt)

async def boxed(session: AsyncSession, stmt) -> Box[int]:
    return session.execute(stmt)

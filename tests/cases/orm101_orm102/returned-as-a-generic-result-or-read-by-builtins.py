from typing import Any
from sqlalchemy import Result, ScalarResult
from sqlalchemy.ext.asyncio import AsyncSession

async def rows(session: AsyncSession, stmt) -> Result[Any]:
    return session.execute(stmt)  # expect: ORM101:12 "is returned without `await`"

async def users(session: AsyncSession, stmt) -> "ScalarResult[int]":
    return session.scalars(stmt)  # expect: ORM101:12 "is returned without `await`"

async def count(session: AsyncSession, stmt) -> int:
    result = session.execute(stmt)  # expect: ORM101:14 "and never awaited"
    if hasattr(result, "rowcount"):
        print(result)
    return getattr(result, "rowcount", -2)

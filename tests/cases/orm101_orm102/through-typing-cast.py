import typing
from typing import cast
from sqlalchemy.ext.asyncio import AsyncSession

async def first(session: AsyncSession, stmt) -> None:
    row = cast("ScalarResult[int]", session.scalars(stmt)).one_or_none()  # expect: ORM101:37 "is taken from the coroutine of"
    rows = typing.cast(list, session.execute(stmt))  # expect: ORM101:30 "and never awaited"
    print(row, len(rows))

async def count(session: AsyncSession, stmt) -> int:
    return cast(int, session.scalar(stmt))  # expect: ORM101:22 "is returned without `await`"

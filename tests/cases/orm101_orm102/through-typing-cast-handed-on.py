from typing import Any, cast
from sqlalchemy.ext.asyncio import AsyncSession

def cast_(kind, value):
    return value

async def f(session: AsyncSession, stmt):
    pending = cast(Any, session.commit())
    await pending
    other = cast_(int, session.flush()).send
    print(other)
    return cast(int, session.scalar(stmt))

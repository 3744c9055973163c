from typing import Optional
from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: Optional[AsyncSession] = None) -> None:
    session.commit()  # expect: ORM101:5

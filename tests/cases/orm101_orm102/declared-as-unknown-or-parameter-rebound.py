from typing import Any
from sqlalchemy.ext.asyncio import AsyncSession

async def f(maker, other: AsyncSession) -> None:
    session: Any
    async with maker() as session:
        session.commit()
    other = maker()
    other.commit()

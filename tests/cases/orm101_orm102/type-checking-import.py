from __future__ import annotations
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession) -> None:
    session.commit()  # expect: ORM101:5

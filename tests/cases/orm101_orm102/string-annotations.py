from typing import Optional
from sqlalchemy.ext.asyncio import AsyncSession

async def f(a: "AsyncSession", b: "Optional[AsyncSession]", c: Optional["AsyncSession"]) -> None:
    a.commit()  # expect: ORM101:5
    b.commit()  # expect: ORM101:5
    c.commit()  # expect: ORM101:5

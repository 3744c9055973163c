from typing import Union
from sqlalchemy.ext.asyncio import AsyncSession

async def f(a: AsyncSession | None, b: Union[None, AsyncSession]) -> None:
    a.commit()  # expect: ORM101:5
    b.commit()  # expect: ORM101:5

from sqlalchemy.ext.asyncio import AsyncSession as AS
from sqlalchemy.ext.asyncio.session import AsyncSession as Deep

async def f(a: AS, b: Deep) -> None:
    a.commit()  # expect: ORM101:5
    b.commit()  # expect: ORM101:5

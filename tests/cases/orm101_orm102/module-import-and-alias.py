import sqlalchemy.ext.asyncio as sa
import sqlalchemy.ext.asyncio

async def f(a: sa.AsyncSession, b: sqlalchemy.ext.asyncio.AsyncSession, c: "sa.AsyncSession") -> None:
    a.commit()  # expect: ORM101:5
    b.commit()  # expect: ORM101:5
    c.commit()  # expect: ORM101:5

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

async def f(session: AsyncSession, Hero) -> None:
    result = await session.exec(select(Hero))
    await result.all()  # expect: ORM102:5
    await result.first()  # expect: ORM102:5
    heroes = result.all()

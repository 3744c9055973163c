from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

async def heroes(session: AsyncSession, Hero) -> list:
    session.exec(select(Hero))  # expect: ORM101:5
    session.commit()  # expect: ORM101:5
    rows = await session.exec(select(Hero)).all()  # expect: ORM101:18 "is taken from the coroutine of"
    return (await session.exec(select(Hero))).all()

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

async def load(session: AsyncSession, names: list[str]) -> list:
    return [(await session.exec(select(User).where(User.name == name))).first() for name in names]  # expect: ORM402:20

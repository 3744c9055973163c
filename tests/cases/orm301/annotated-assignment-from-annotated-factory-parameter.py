from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

async def create_user(factory: async_sessionmaker[AsyncSession], name: str) -> None:
    session: AsyncSession = factory()  # expect: ORM301:29
    session.add(User(name=name))
    await session.commit()

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

async def get_session() -> AsyncSession:
    return factory()

async def create_user(name: str) -> None:
    s = await get_session()
    s.add(User(name=name))
    await s.commit()

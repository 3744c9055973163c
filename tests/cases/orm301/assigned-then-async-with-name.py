from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

async def create_user(name: str) -> None:
    s = factory()
    async with s:
        s.add(User(name=name))
        await s.commit()

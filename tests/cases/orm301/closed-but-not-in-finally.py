from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

async def create_user(name: str) -> None:
    session = factory()  # expect: ORM301:15
    session.add(User(name=name))
    await session.commit()
    await session.close()

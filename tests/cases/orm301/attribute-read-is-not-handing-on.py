from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

async def create_user(name: str, request_id: str) -> None:
    session = factory()  # expect: ORM301:15
    session.info["request_id"] = request_id
    session.add(User(name=name))
    if session.new:
        await session.commit()

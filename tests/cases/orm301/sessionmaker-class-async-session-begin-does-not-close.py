from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker

factory = sessionmaker(create_async_engine("sqlite+aiosqlite://"), class_=AsyncSession)

async def create_user(name: str) -> None:
    async_session = factory()  # expect: ORM301:21
    async with async_session.begin():
        async_session.add(User(name=name))

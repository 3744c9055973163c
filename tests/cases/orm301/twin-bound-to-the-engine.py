from contextlib import asynccontextmanager
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))


engine = create_async_engine("sqlite+aiosqlite://")

@asynccontextmanager
async def on_the_pool():
    maker = async_sessionmaker(bind=engine, expire_on_commit=False)
    session = maker()  # expect: ORM301:15
    yield session
    other = AsyncSession(engine)  # expect: ORM301:13
    yield other

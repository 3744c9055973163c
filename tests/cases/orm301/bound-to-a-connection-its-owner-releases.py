from contextlib import asynccontextmanager
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))


engine = create_async_engine("sqlite+aiosqlite://")

@asynccontextmanager
async def on_one_connection():
    async with engine.connect() as connection:
        maker = async_sessionmaker(bind=connection, expire_on_commit=False)
        session = maker()
        yield session
        other = AsyncSession(connection)
        yield other


@asynccontextmanager
async def on_a_reconfigured_factory():
    async with engine.connect() as connection:
        factory.configure(bind=connection, expire_on_commit=False)
        session = factory()
        yield session


@asynccontextmanager
async def reconfigured_on_an_engine():
    factory.configure(bind=engine)
    session = factory()  # expect: ORM301:15
    yield session

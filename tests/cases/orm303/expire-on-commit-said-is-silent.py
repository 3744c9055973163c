from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import sessionmaker

engine = create_async_engine("sqlite+aiosqlite://")
keep = async_sessionmaker(engine, expire_on_commit=False)
expire = async_sessionmaker(engine, expire_on_commit=True)
legacy = sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
SESSION_OPTIONS = {"expire_on_commit": False, "autoflush": False}
from_options = async_sessionmaker(engine, **SESSION_OPTIONS)

configured_later = async_sessionmaker()
configured_later.configure(bind=engine, expire_on_commit=False)


async def script() -> None:
    async with AsyncSession(engine, expire_on_commit=False) as session:
        await session.commit()

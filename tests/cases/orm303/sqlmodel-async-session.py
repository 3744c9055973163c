from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

engine = create_async_engine("sqlite+aiosqlite://")
async_session = async_sessionmaker(engine, class_=AsyncSession)  # expect: ORM303:17
kept = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


async def script() -> None:
    async with AsyncSession(engine) as session:  # expect: ORM303:16 "`AsyncSession(...)` leaves"
        await session.commit()

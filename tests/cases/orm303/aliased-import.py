from sqlalchemy.ext.asyncio import async_sessionmaker as make_factory, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession as SQLModelAsyncSession

engine = create_async_engine("sqlite+aiosqlite://")
async_session = make_factory(engine)  # expect: ORM303:17


async def script() -> None:
    async with SQLModelAsyncSession(engine) as session:  # expect: ORM303:16
        await session.commit()

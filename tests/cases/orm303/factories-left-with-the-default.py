import sqlalchemy.ext.asyncio as sa_asyncio
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import sessionmaker

engine = create_async_engine("sqlite+aiosqlite://")
async_session = async_sessionmaker(engine)  # expect: ORM303:17 "`async_sessionmaker(...)` leaves `expire_on_commit=True`"
bound = async_sessionmaker(bind=engine, autoflush=False)  # expect: ORM303:9
legacy = sessionmaker(engine, class_=AsyncSession)  # expect: ORM303:10 "its sessions expire the loaded objects"
through_the_module = sa_asyncio.async_sessionmaker(engine)  # expect: ORM303:22


async def script() -> None:
    async with AsyncSession(engine) as session:  # expect: ORM303:16 "on every `commit()` it expires the loaded objects"
        await session.commit()


class Database:
    def __init__(self, url: str) -> None:
        self.engine = create_async_engine(url)
        self.session_factory = async_sessionmaker(self.engine, class_=AsyncSession)  # expect: ORM303:32

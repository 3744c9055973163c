from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker

engine = create_async_engine("sqlite+aiosqlite://")
factory = sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)

async def f() -> None:
    async with factory() as s:
        s.commit()  # expect: ORM101:9
    factory().close()  # expect: ORM101:5

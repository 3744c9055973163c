from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")
factory = async_sessionmaker(engine, class_=SomethingElse)

async def f() -> None:
    async with factory() as s:
        s.commit()

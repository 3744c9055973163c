from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")

async def f() -> None:
    session = AsyncSession(engine)
    session.commit()  # expect: ORM101:5
    async with AsyncSession(engine) as other:
        other.commit()  # expect: ORM101:9

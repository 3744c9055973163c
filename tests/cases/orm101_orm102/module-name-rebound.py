from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")
session = AsyncSession(engine)
if engine:
    session = object()

async def f() -> None:
    session.commit()

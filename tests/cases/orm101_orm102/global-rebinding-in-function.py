from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")
session = AsyncSession(engine)

def reset(other) -> None:
    global session
    session = other

async def f() -> None:
    global session
    session = object()
    session.commit()

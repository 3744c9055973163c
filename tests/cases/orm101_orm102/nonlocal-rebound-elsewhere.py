from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")

async def outer(other) -> None:
    session = AsyncSession(engine)

    def swap() -> None:
        nonlocal session
        session = other

    swap()
    session.commit()

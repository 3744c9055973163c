from sqlalchemy.ext.asyncio import AsyncSession


async def index(session: AsyncSession) -> None:
    await session.commit()


async def index_and_close(session: AsyncSession) -> None:
    try:
        await session.commit()
    finally:
        await session.close()

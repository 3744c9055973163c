from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession) -> None:
    try:
        await session.commit()
    except Exception as session:
        session.commit()

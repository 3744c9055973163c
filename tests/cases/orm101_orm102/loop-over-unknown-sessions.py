from sqlalchemy.ext.asyncio import AsyncSession

async def f(sessions) -> None:
    for session in sessions:
        session.commit()
        await session.add(1)

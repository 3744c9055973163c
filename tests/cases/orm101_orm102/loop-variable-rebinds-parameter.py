from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, sessions) -> None:
    for session in sessions:
        session.commit()

from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, others) -> None:
    [(session := other) for other in others]
    session.commit()

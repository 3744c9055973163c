from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, others) -> None:
    done = [session.commit() for session in others]
    flags = {session.in_transaction() for session in others}
    gen = (session.close() for session in others)
    await session.flush()

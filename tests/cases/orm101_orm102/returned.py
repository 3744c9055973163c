from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession):
    job = session.commit()
    return job

def g(session: AsyncSession):
    return session.commit()

def h(session: AsyncSession):
    return lambda: session.close()

from sqlalchemy.ext.asyncio import AsyncSession

def f(session: AsyncSession) -> None:
    session.commit().close()

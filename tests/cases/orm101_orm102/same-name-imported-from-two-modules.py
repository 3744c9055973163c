import sqlalchemy

try:
    from sqlalchemy.ext.asyncio import AsyncSession
except ImportError:
    from mylib.compat import AsyncSession

async def f(session: AsyncSession) -> None:
    session.commit()

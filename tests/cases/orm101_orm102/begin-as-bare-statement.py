from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, conn_session: AsyncSession) -> None:
    session.begin()  # expect: ORM101:5 "never awaited nor entered"
    session.begin_nested()  # expect: ORM101:5 "never awaited nor entered"

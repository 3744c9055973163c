from sqlalchemy.ext.asyncio import AsyncSession, async_scoped_session

async def f(registry: async_scoped_session[AsyncSession]) -> None:
    registry.commit()  # expect: ORM101:5
    registry().commit()  # expect: ORM101:5

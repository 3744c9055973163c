from sqlalchemy.ext.asyncio import AsyncSession

async def get_session() -> AsyncSession: ...

async def f() -> None:
    session = await get_session()
    session.commit()  # expect: ORM101:5

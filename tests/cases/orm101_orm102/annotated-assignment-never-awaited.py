from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession) -> None:
    done: object = session.commit()  # expect: ORM101:20 "and never awaited"

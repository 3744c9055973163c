from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession) -> None:
    pending = session.commit()
    print("later")
    await pending

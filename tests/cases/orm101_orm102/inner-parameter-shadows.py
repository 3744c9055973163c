from sqlalchemy.ext.asyncio import AsyncSession

async def outer(session: AsyncSession) -> None:
    def inner(session) -> None:
        session.commit()

    callback = lambda session: session.commit()

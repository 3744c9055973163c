from sqlalchemy.ext.asyncio import AsyncSession

pending = None

async def start(session: AsyncSession) -> None:
    global pending
    pending = session.commit()

async def finish() -> None:
    await pending

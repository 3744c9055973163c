from sqlalchemy.ext.asyncio import AsyncSession

async def outer(session: AsyncSession) -> None:
    pending = None

    def start() -> None:
        nonlocal pending
        pending = session.commit()

    start()
    await pending

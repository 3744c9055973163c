from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession) -> None:
    job = session.commit()

    async def run() -> None:
        await job

    await run()

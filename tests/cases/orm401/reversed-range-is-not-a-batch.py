from sqlalchemy.ext.asyncio import AsyncSession

async def purge(session: AsyncSession, items: list) -> None:
    for i in range(len(items) - 1, -1, -1):
        await session.delete(items[i])
        await session.commit()  # expect: ORM401:15

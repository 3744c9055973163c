from sqlalchemy.ext.asyncio import AsyncSession

async def save(session: AsyncSession, rows: list, notify) -> None:
    for row in rows:
        await notify(row)
        session.add(Item(**row))
        await session.commit()  # expect: ORM401:15

from sqlalchemy.ext.asyncio import AsyncSession

async def save(session: AsyncSession, rows: list) -> None:
    for row in rows:
        session.add(Item(**row))
        await session.commit()  # expect: ORM401:15
        await session.refresh(row)  # the session's own I/O: no checkpoint

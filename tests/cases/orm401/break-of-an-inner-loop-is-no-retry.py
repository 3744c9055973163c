from sqlalchemy.ext.asyncio import AsyncSession

async def import_rows(session: AsyncSession, rows: list) -> None:
    for row in rows:
        for tag in row.tags:
            if tag == "skip":
                break
        session.add(Item(name=row.name))
        await session.commit()  # expect: ORM401:15

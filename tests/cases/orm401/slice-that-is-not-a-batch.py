import csv
from sqlalchemy.ext.asyncio import AsyncSession

async def import_csv(session: AsyncSession, path: str) -> None:
    rows = list(csv.reader(open(path)))
    for row in rows[1:]:
        session.add(Item(name=row[0]))
        await session.commit()  # expect: ORM401:15

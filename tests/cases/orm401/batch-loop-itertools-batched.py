import itertools
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

async def import_tags(session: AsyncSession, rows: list[dict]) -> None:
    for batch in itertools.batched(rows, 100):
        await session.execute(insert(Tag), list(batch))
        await session.commit()

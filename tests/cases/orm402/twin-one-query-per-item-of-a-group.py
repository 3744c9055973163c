from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

async def mappings(session: AsyncSession, ids_by_kind: dict) -> dict:
    found = {}
    for kind, ids in ids_by_kind.items():
        for source_id in ids:
            stmt = select(Mapping).where(Mapping.kind == kind, Mapping.source_id == source_id)
            found[source_id] = (await session.execute(stmt)).scalar_one()  # expect: ORM402:39
    return found

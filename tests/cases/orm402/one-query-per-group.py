from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

async def mappings(session: AsyncSession, ids_by_kind: dict) -> dict:
    found = {}
    for kind, ids in ids_by_kind.items():
        stmt = select(Mapping).where(Mapping.kind == kind, Mapping.source_id.in_(ids))
        for mapping in (await session.execute(stmt)).scalars().all():
            found[(kind, mapping.source_id)] = mapping
    return found

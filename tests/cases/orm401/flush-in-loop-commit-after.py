from sqlalchemy.ext.asyncio import AsyncSession

async def import_tags(session: AsyncSession, labels: list[str]) -> None:
    for label in labels:
        session.add(Tag(label=label))
        await session.flush()
    await session.commit()

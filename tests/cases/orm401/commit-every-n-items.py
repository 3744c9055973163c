from sqlalchemy.ext.asyncio import AsyncSession

async def import_tags(session: AsyncSession, labels: list[str]) -> None:
    for i, label in enumerate(labels):
        session.add(Tag(label=label))
        if i % 100 == 0:
            await session.commit()
    await session.commit()

from sqlalchemy.ext.asyncio import AsyncSession

async def import_tags(session: AsyncSession, labels: list[str], offsets: list[int]) -> None:
    for chunk in [labels[i:i + 100] for i in offsets]:
        session.add_all([Tag(label=label) for label in chunk])
        await session.commit()

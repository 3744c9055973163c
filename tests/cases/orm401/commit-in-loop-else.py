from sqlalchemy.ext.asyncio import AsyncSession

async def import_tags(session: AsyncSession, labels: list[str]) -> None:
    for label in labels:
        if not label:
            break
        session.add(Tag(label=label))
    else:
        await session.commit()

from sqlalchemy.ext.asyncio import AsyncSession

async def schedule(session: AsyncSession, labels: list[str], callbacks: list) -> None:
    for label in labels:
        async def save(label: str = label) -> None:
            session.add(Tag(label=label))
            await session.commit()
        callbacks.append(save)

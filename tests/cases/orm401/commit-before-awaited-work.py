from sqlalchemy.ext.asyncio import AsyncSession

async def index(session: AsyncSession, documents: list, embed) -> None:
    for document in documents:
        document.status = "processing"
        await session.commit()  # the state is visible before the long step
        document.vector = await embed(document.text)
        document.status = "ready"

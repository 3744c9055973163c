from sqlalchemy.ext.asyncio import AsyncSession

async def outer(session: AsyncSession) -> None:
    async def inner() -> None:
        session.commit()  # expect: ORM101:9

    def callback() -> None:
        session.rollback()  # expect: ORM101:9

    await inner()

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))


class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, item, commit: bool = True) -> None:
        self.session.add(item)
        if commit:
            await self.session.commit()

    async def add_later(self, item) -> None:
        self.session.add(item)


async def import_items(session: AsyncSession, items: list) -> None:
    repository = Repository(session)
    for item in items:
        await repository.add(item)  # expect: ORM401:15
    for item in items:
        await repository.add(item, commit=False)
    for item in items:
        await repository.add_later(item)
    await session.commit()

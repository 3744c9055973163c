from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))


async def record(item) -> None:
    async with factory() as session:  # a unit of work of its own
        session.add(item)
        await session.commit()


async def save_if_new(session: AsyncSession, item) -> None:
    if item.id is None:
        session.add(item)
        await session.commit()


async def import_items(session: AsyncSession, items: list) -> None:
    for item in items:
        await record(item)
        await save_if_new(session, item)

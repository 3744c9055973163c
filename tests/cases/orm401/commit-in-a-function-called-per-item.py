from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))


async def save(session: AsyncSession, item) -> None:
    session.add(item)
    await session.commit()


async def save_all(session: AsyncSession, items: list) -> None:
    for item in items:
        await save(session, item)  # expect: ORM401:15


async def save_each_in_its_own_session(items: list) -> None:
    for item in items:
        async with factory() as session:
            await save(session, item)


async def save_in_batches(session: AsyncSession, items: list) -> None:
    for start in range(0, len(items), 100):
        await save(session, items[start])

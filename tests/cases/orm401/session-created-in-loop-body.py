from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

async def import_tags(labels: list[str]) -> None:
    for label in labels:
        async with factory() as s:
            s.add(Tag(label=label))
            await s.commit()

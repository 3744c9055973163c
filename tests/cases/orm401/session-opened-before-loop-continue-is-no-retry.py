from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

async def import_rows(rows: list[dict]) -> None:
    async with factory() as s:
        for row in rows:
            if not row:
                continue
            s.add(Item(**row))
            await s.commit()  # expect: ORM401:19

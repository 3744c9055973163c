from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")
factory = async_sessionmaker(engine, expire_on_commit=False)

async def f() -> None:
    async with factory() as s:
        s.commit()  # expect: ORM101:9
    async with factory.begin() as t:
        t.flush()  # expect: ORM101:9
    u = factory()
    u.close()  # expect: ORM101:5

from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")
factory = async_sessionmaker(engine, expire_on_commit=False)

async def create_user(name: str) -> None:
    session = factory()  # expect: ORM301:15
    session.add(User(name=name))
    await session.commit()

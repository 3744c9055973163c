from asyncio import current_task
from sqlalchemy.ext.asyncio import async_scoped_session, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))
Session = async_scoped_session(factory, scopefunc=current_task)

async def create_user(name: str) -> None:
    session = Session()
    session.add(User(name=name))
    await session.commit()

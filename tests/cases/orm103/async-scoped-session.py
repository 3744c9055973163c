from asyncio import current_task

from sqlalchemy.ext.asyncio import async_scoped_session, async_sessionmaker, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")
registry = async_scoped_session(async_sessionmaker(engine), scopefunc=current_task)


async def names(User) -> list[str]:
    return [user.name for user in registry.query(User)]  # expect: ORM103:35 "`async_scoped_session` has no"


async def from_the_session_it_hands_out(User) -> int:
    session = registry()
    return session.query(User).count()  # expect: ORM103:12

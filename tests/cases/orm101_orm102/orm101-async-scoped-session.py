from asyncio import current_task
from sqlalchemy.ext.asyncio import async_scoped_session, async_sessionmaker, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")
factory = async_sessionmaker(engine, expire_on_commit=False)
Session = async_scoped_session(factory, scopefunc=current_task)

async def f(stmt, obj) -> None:
    Session.add(obj)
    Session.commit()  # expect: ORM101:5
    Session.execute(stmt)  # expect: ORM101:5
    Session.remove()  # expect: ORM101:5
    await Session.remove()
    session = Session()
    session.flush()  # expect: ORM101:5
    Session().rollback()  # expect: ORM101:5

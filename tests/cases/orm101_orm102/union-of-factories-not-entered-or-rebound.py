from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm import sessionmaker

MAKER = sessionmaker | async_sessionmaker

async def f(maker: MAKER, other: async_sessionmaker, stmt) -> None:
    session = maker()
    session.commit()
    maker().commit()
    maker.begin()
    with maker() as s1:
        s1.commit()
    async with other() as s2:
        with maker() as s2:
            s2.commit()
        s2.commit()
    async with maker() as s3:
        s3 = other.sync_session_class()
        s3.commit()
    async with maker() as s4:
        def later() -> None:
            s4.commit()
    with maker() as s4:
        pass
    later()

from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session, sessionmaker
from sqlmodel import Session as SQLModelSession

engine = create_engine("sqlite://")
async_engine = create_async_engine("sqlite+aiosqlite://")
SessionLocal = sessionmaker(engine)
SessionLocal2 = sessionmaker(bind=engine, class_=Session)


class TenantSession(AsyncSession):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("expire_on_commit", False)
        super().__init__(*args, **kwargs)


tenant_sessions = async_sessionmaker(async_engine, class_=TenantSession)


def script() -> None:
    with Session(engine) as session:
        session.commit()
    with SQLModelSession(engine) as session:
        session.commit()


async def subclass() -> None:
    async with TenantSession(async_engine) as session:
        await session.commit()


class sessionmaker_like:  # pylint: disable=invalid-name
    def __call__(self, *args):
        return args


def in_house(maker: sessionmaker_like) -> object:
    return maker(async_engine)

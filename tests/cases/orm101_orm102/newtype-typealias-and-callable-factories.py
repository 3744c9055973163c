"""Sessions reached through ``NewType`` (chained, and called as a cast), ``TypeAlias``, PEP 695 ``type``
and a subscripted factory alias; objects of the project whose ``__call__`` makes a session; a
classmethod constructor annotated ``-> Self`` or returning ``cls(...)``.  Twins: a ``NewType`` of
``int``, a ``__call__`` that makes an HTTP client, a constructor of a holder of something else."""
from dataclasses import dataclass
from typing import NewType, Self, TypeAlias

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

ReadSession = NewType("ReadSession", AsyncSession)
WriteSession = NewType("WriteSession", ReadSession)
UserId = NewType("UserId", int)
SessionAlias: TypeAlias = AsyncSession
Maker = async_sessionmaker[AsyncSession]
factory: Maker = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))


async def chained_newtype(session: WriteSession) -> None:
    session.commit()  # expect: ORM101:5


async def newtype_cast(raw: AsyncSession) -> None:
    session = ReadSession(raw)
    session.flush()  # expect: ORM101:5
    user = UserId(5)
    user.bit_length()


async def type_alias(session: SessionAlias) -> None:
    session.rollback()  # expect: ORM101:5


async def factory_alias(maker: Maker) -> None:
    async with maker() as session:
        session.commit()  # expect: ORM101:9


class Database:
    def __init__(self, url: str) -> None:
        self.maker = async_sessionmaker(create_async_engine(url))

    def __call__(self) -> AsyncSession:
        return self.maker()


class UnannotatedDatabase:
    def __init__(self) -> None:
        self.maker = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

    def __call__(self):
        return self.maker()


class Http:
    def __call__(self) -> httpx.AsyncClient:
        return httpx.AsyncClient()


db = Database("sqlite+aiosqlite://")
http = Http()


async def callable_factories() -> None:
    async with db() as session:
        session.commit()  # expect: ORM101:9
    async with UnannotatedDatabase()() as other:
        other.execute(select(1))  # expect: ORM101:9
    async with http() as client:
        client.get("/")


@dataclass
class Repository:
    session: AsyncSession

    @classmethod
    def from_session(cls, session: AsyncSession) -> Self:
        return cls(session)

    @classmethod
    def build(cls, session: AsyncSession):
        return cls(session)


@dataclass
class Client:
    http: httpx.AsyncClient

    @classmethod
    def make(cls) -> "Client":
        return cls(httpx.AsyncClient())


async def constructors(session: AsyncSession) -> None:
    Repository.from_session(session).session.commit()  # expect: ORM101:5
    Repository.build(session).session.flush()  # expect: ORM101:5
    Client.make().http.get("/")

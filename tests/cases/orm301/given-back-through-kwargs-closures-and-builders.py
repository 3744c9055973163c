"""The session comes back from the project's functions in more shapes: a ``**overrides`` that rebinds
an object (``type(self)(...)``), a builder reached through a classmethod annotated to return its class,
a closure that is called (not handed on), an ``isinstance`` test.  Twins: the rebound object is stored
in a registry, a closure handed to a library keeps the session."""
import asyncio
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))
registry: dict = {}


class Store:
    def __init__(self, workspace: int, session: AsyncSession | None = None) -> None:
        self.workspace = workspace
        self.session = session

    @classmethod
    def for_workspace(cls, workspace: int) -> "Store":
        return cls(workspace)

    def with_session(self, session: AsyncSession) -> Self:
        return self._rebind(session=session)

    def _rebind(self, **overrides) -> Self:
        fields = {"session": self.session, **overrides}
        return type(self)(self.workspace, **fields)

    def registered(self, session: AsyncSession) -> None:
        registry[self.workspace] = self._rebind(session=session)

    async def count(self) -> int:
        return len(list(await self.session.scalars(...)))


async def count_documents(workspace: int) -> int:
    session = factory()  # expect: ORM301:15
    store = Store.for_workspace(workspace).with_session(session)
    if not isinstance(store, Store):
        return 0
    return await store.count()


async def count_in_parallel(workspaces: list[int]) -> list[int]:
    session = factory()  # expect: ORM301:15

    async def one(workspace: int) -> int:
        return await Store(workspace, session).count()

    return [await one(w) for w in workspaces]


async def count_together(workspaces: list[int]) -> list[int]:
    session = factory()  # expect: ORM301:15

    async def one(workspace: int) -> int:
        return await Store(workspace, session).count()

    tasks = [one(w) for w in workspaces]
    return list(await asyncio.gather(*tasks))


async def register(workspace: int) -> None:
    session = factory()
    Store.for_workspace(workspace).registered(session)


async def in_background(workspace: int) -> None:
    session = factory()

    async def one() -> int:
        return await Store(workspace, session).count()

    asyncio.get_running_loop().create_task(one())

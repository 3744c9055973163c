from typing import Any, Awaitable, Coroutine, TypeVar
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")

class Page:
    pass

class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def commit(self) -> Awaitable[None]:
        return self.session.commit()

    def flush(self) -> "Coroutine[Any, Any, None]":
        return self.session.flush()

    async def first(self, stmt) -> Any:
        return self.session.scalar(stmt)

    async def one(self, stmt) -> T:
        return self.session.scalar(stmt)

    async def page(self, stmt) -> Page:
        return self.session.execute(stmt)

    async def untyped(self, stmt):
        return self.session.execute(stmt)

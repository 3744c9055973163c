"""Data access shared by every repository."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Base

ModelT = TypeVar("ModelT", bound=Base)


class BaseRepository(Generic[ModelT]):
    model: type[ModelT]

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, ident: int) -> ModelT | None:
        return await self.session.get(self.model, ident)

    async def page(self, *, limit: int = 50, offset: int = 0) -> Sequence[ModelT]:
        stmt = select(self.model).order_by(self.model.id).limit(limit).offset(offset)
        result = await self.session.scalars(stmt)
        return result.all()

    async def add(self, obj: ModelT) -> ModelT:
        """Add and flush, so that the caller sees the generated primary key."""
        self.session.add(obj)
        await self.session.flush()
        return obj

    async def remove(self, obj: ModelT) -> None:
        await self.session.delete(obj)
        await self.session.flush()

    async def reload(self, obj: ModelT) -> ModelT:
        self.session.refresh(obj)  # expect: ORM101:9
        return obj

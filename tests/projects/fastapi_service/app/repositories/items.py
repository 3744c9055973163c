"""Queries on items."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from app.models.item import Item

from .base import BaseRepository


class ItemRepository(BaseRepository):
    model = Item

    async def for_owner(self, owner_id: int) -> Sequence[Item]:
        result = await self.session.scalars(select(Item).where(Item.owner_id == owner_id).order_by(Item.id))
        return result.all()

    async def total_value(self, owner_id: int) -> int:
        stmt = select(func.coalesce(func.sum(Item.price_cents), 0)).where(Item.owner_id == owner_id)
        return int(await self.session.scalar(stmt))

    async def titles(self, owner_id: int) -> list[str]:
        result = await self.session.stream(select(Item.title).where(Item.owner_id == owner_id))
        return [title async for title in result.scalars()]

    async def delete_for_owner(self, owner_id: int) -> int:
        items = await self.for_owner(owner_id)
        for item in items:
            self.session.delete(item)  # expect: ORM101:13  needs: app/repositories/base.py
        await self.session.flush()
        return len(items)

"""/items endpoints."""

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

import app.core.db as database
from app.deps import ReplicaDep, SessionDep, get_db
from app.models import Item, User
from app.repositories.items import ItemRepository
from app.schemas import ItemCreate, ItemOut

router = APIRouter(prefix="/items", tags=["items"])


@router.get("", response_model=list[ItemOut])
async def list_items(db: SessionDep, owner_id: int | None = None) -> list[Item]:
    stmt = select(Item).order_by(Item.id)
    if owner_id is not None:
        stmt = stmt.where(Item.owner_id == owner_id)
    result = await db.scalars(stmt)
    return list(result.all())


@router.get("/titles")
async def item_titles(db: ReplicaDep) -> list[dict]:
    result = await db.execute(select(Item.id, Item.title).order_by(Item.title))
    rows = await result.mappings().all()  # expect: ORM102:12  needs: app/deps.py
    return [dict(row) for row in rows]


@router.post("", response_model=ItemOut, status_code=201)
async def create_item(payload: ItemCreate, background: BackgroundTasks, db: AsyncSession = Depends(get_db)) -> Item:
    item = Item(title=payload.title, price_cents=payload.price_cents, owner_id=payload.owner_id)
    db.add(item)
    await db.commit()
    await db.refresh(item)
    background.add_task(recount_owner_items, item.owner_id)
    return item


@router.get("/export")
async def export_titles(owner_id: int, db=Depends(get_db)) -> list[str]:
    result = await db.stream(select(Item).where(Item.owner_id == owner_id))
    titles = []
    for item in result.scalars().all():  # expect: ORM101:17  needs: app/deps.py
        titles.append(item.title)
    return titles


@router.put("/{item_id}/price", response_model=ItemOut)
async def reprice(item_id: int, price_cents: int, db: SessionDep) -> Item:
    repo = ItemRepository(db)
    item = await repo.get(item_id)
    if item is None:
        raise HTTPException(404, "no such item")
    item.price_cents = price_cents
    await repo.session.commit()
    return item


@router.post("/{item_id}/duplicate", response_model=ItemOut, status_code=201)
async def duplicate_item(item_id: int, db: Annotated[AsyncSession, Depends(get_db)]) -> Item:
    item = await db.get(Item, item_id)
    if item is None:
        raise HTTPException(404, "no such item")
    copy = Item(title=f"{item.title} (copy)", price_cents=item.price_cents, owner_id=item.owner_id)
    await db.add(copy)  # expect: ORM102:5
    await db.commit()
    return copy


@router.delete("/{item_id}", status_code=204)
async def delete_item(item_id: int, db: SessionDep) -> None:
    item = await db.get(Item, item_id)
    if item is not None:
        await db.delete(item)
        await db.commit()


@router.get("/value/{owner_id}")
async def owner_value(owner_id: int, db: SessionDep) -> dict[str, int]:
    repo = ItemRepository(db)
    return {"owner_id": owner_id, "value_cents": await repo.total_value(owner_id)}


async def recount_owner_items(owner_id: int) -> None:
    """Background task: runs after the response, in its own session."""
    async with database.async_session() as session:
        stmt = select(func.count()).select_from(Item).where(Item.owner_id == owner_id)
        count = await session.scalar(stmt)
        owner = await session.get(User, owner_id)
        if owner is not None:
            owner.item_count = count
            session.commit()  # expect: ORM101:13  needs: app/core/db.py

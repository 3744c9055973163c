"""Catalog maintenance outside of requests, on SQLModel's session."""

from sqlmodel import select

from shop.db import catalog_session
from shop.models import Product


async def restock(sku: str, amount: int) -> int:
    async with catalog_session() as session:
        product = (await session.exec(select(Product).where(Product.sku == sku))).one()
        product.stock += amount
        session.add(product)
        await session.commit()
        return product.stock


async def price_list() -> dict[str, int]:
    prices = {}
    async with catalog_session() as session:
        for product in session.exec(select(Product).order_by(Product.sku)):  # expect: ORM101:24  needs: src/shop/db.py
            prices[product.sku] = product.price_cents
    return prices

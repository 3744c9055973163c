"""Catalog endpoints, written against SQLModel's session (``exec``)."""

from litestar import get
from litestar.exceptions import NotFoundException
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.models import Product


@get("/products")
async def list_products(db_session: AsyncSession) -> list[Product]:
    results = await db_session.exec(select(Product).order_by(Product.name))
    return list(results.all())


@get("/products/{sku:str}")
async def product_by_sku(sku: str, db_session: AsyncSession) -> Product:
    product = db_session.exec(select(Product).where(Product.sku == sku)).first()  # expect: ORM101:15
    if product is None:
        raise NotFoundException(f"no product {sku}")
    return product


@get("/products/low-stock")
async def low_stock(db_session: AsyncSession, below: int = 5) -> list[Product]:
    results = await db_session.exec(select(Product).where(Product.stock < below))
    return await results.all()  # expect: ORM102:12

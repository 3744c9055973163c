"""The Litestar application."""

from litestar import Litestar
from litestar.plugins.sqlalchemy import AsyncSessionConfig, SQLAlchemyAsyncConfig, SQLAlchemyPlugin
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession as SQLModelAsyncSession

from shop.db import engine
from shop.handlers.catalog import list_products, low_stock, product_by_sku
from shop.handlers.orders import OrderController

alchemy = SQLAlchemyPlugin(
    config=SQLAlchemyAsyncConfig(
        engine_instance=engine,
        session_config=AsyncSessionConfig(class_=SQLModelAsyncSession, expire_on_commit=False),
        metadata=SQLModel.metadata,
        create_all=True,
    )
)

app = Litestar(route_handlers=[OrderController, list_products, product_by_sku, low_stock], plugins=[alchemy])

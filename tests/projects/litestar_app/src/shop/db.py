"""The engine and the session factories used outside of requests."""

import os

from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession as SQLModelAsyncSession

DATABASE_URL = os.environ.get("SHOP_DATABASE_URL", "sqlite+aiosqlite:///./shop.db")

engine = create_async_engine(DATABASE_URL)
session_factory = async_sessionmaker(engine, expire_on_commit=False)
# the catalog code is written against SQLModel's session (``exec``)
catalog_session = async_sessionmaker(engine, class_=SQLModelAsyncSession, expire_on_commit=False)

"""The twins: URL objects that name an async driver, or whose driver cannot be read."""

import os

from sqlalchemy import URL, make_url
from sqlalchemy.ext.asyncio import create_async_engine

DRIVER = os.environ["DB_DRIVER"]

created = create_async_engine(URL.create("postgresql+asyncpg", username="app", host="db"))
by_keyword = create_async_engine(URL.create(drivername="mysql+aiomysql", host="db"))
driver_unknown = create_async_engine(URL.create(drivername=DRIVER, host="db"))
made = create_async_engine(make_url("sqlite+aiosqlite:///app.db"))
made_from_environment = create_async_engine(make_url(os.environ["DATABASE_URL"]))
set_driver = create_async_engine(make_url(os.environ["DATABASE_URL"]).set(drivername="postgresql+asyncpg"))
set_unknown = create_async_engine(make_url("sqlite:///app.db").set(drivername=DRIVER))
set_other = create_async_engine(make_url(os.environ["DATABASE_URL"]).set(database="other"))

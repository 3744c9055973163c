"""The twins: async drivers (and a sync engine given a sync driver, and dialects that are not SQLAlchemy's)."""

from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import create_async_engine

asyncpg = create_async_engine("postgresql+asyncpg://app:secret@db/app")
psycopg = create_async_engine("postgresql+psycopg://app@db/app")  # psycopg 3: create_async_engine loads its async variant
psycopg_async = create_async_engine("postgresql+psycopg_async://app@db/app")
aiomysql = create_async_engine("mysql+aiomysql://app@db/app")
asyncmy = create_async_engine("mariadb+asyncmy://app@db/app")
aiosqlite = create_async_engine("sqlite+aiosqlite://")
aioodbc = create_async_engine(url="mssql+aioodbc://app@dsn")
oracledb = create_async_engine("oracle+oracledb://app@db")
sync_engine = create_engine("postgresql+psycopg2://app@db/app")
cockroach = create_async_engine("cockroachdb+psycopg2://app@db/app")  # a third-party dialect: not in the table
unknown_driver = create_async_engine("postgresql+somedriver://app@db/app")
not_a_url = create_async_engine("app.db")

"""On SQLAlchemy 2.0, which the project allows, postgresql:// and oracle:// load sync drivers."""

from sqlalchemy.ext.asyncio import create_async_engine

from .config import DATABASE_URL

engine = create_async_engine(DATABASE_URL)  # expect: ORM501:30 "before SQLAlchemy 2.1, which the project allows (`sqlalchemy[asyncio]>=2.0.30` in pyproject.toml)"
oracle = create_async_engine("oracle://app@db")  # expect: ORM501:30 "`oracle://` loads the synchronous driver cx_oracle before SQLAlchemy 2.1"
named = create_async_engine("postgresql+psycopg://app@db/app")

"""A pin on SQLAlchemy 2.0 in requirements.txt."""

from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine("postgresql://app@db/app")  # expect: ORM501:30 "(`sqlalchemy[asyncio]==2.0.36` in requirements.txt)"

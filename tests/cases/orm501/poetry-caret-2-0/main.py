"""A poetry constraint that allows SQLAlchemy 2.0."""

from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine(url="postgresql://app@db/app")  # expect: ORM501:34 "allows (`SQLAlchemy = "

"""The twins: a create_async_engine that is not SQLAlchemy's (the module still imports SQLAlchemy)."""

import sqlalchemy

from mylib.db import create_async_engine as create_other


def create_async_engine(url: str):
    return url


engine = create_async_engine("postgresql+psycopg2://app@db/app")
other = create_other("sqlite://")

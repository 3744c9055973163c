"""The twins: a scheme that is not written out, or a URL whose driver is async or replaced."""

import os

from sqlalchemy.ext.asyncio import create_async_engine

USER = os.environ["DB_USER"]
DRIVER = os.environ.get("DB_DRIVER", "postgresql+psycopg2")
URL = os.environ.get("DATABASE_URL", "postgresql+psycopg2://app@db/app")  # the environment's (a default is not read)

by_fstring = create_async_engine(f"postgresql+asyncpg://{USER}@db/app")
scheme_from_environment = create_async_engine(f"{DRIVER}://{USER}@db/app")
scheme_by_percent = create_async_engine("%s://app@db/app" % DRIVER)
from_environment = create_async_engine(URL)
replaced = create_async_engine(URL.replace("postgresql+psycopg2://", "postgresql+asyncpg://"))
from_getenv = create_async_engine(os.getenv("DATABASE_URL", "sqlite://"))


def make_engine(url: str = "postgresql+psycopg2://app@db/app"):
    return create_async_engine(url)  # a parameter: the caller's


by_format = create_async_engine("postgresql+asyncpg://{}@db/app".format(USER))

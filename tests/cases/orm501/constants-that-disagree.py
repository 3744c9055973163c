"""The twins: names bound to several URLs, or to something that is not a literal."""

import os

from sqlalchemy.ext.asyncio import create_async_engine

DATABASE_URL = "postgresql+psycopg2://app@db/app"
if os.environ.get("ASYNC"):
    DATABASE_URL = "postgresql+asyncpg://app@db/app"
ASYNC_URL = "postgresql+asyncpg://app@db/app"
SCHEME = "mysql+aiomysql"
BUILT = SCHEME + "://" + os.environ["DB_HOST"]

engine = create_async_engine(DATABASE_URL)
async_engine = create_async_engine(ASYNC_URL)
built = create_async_engine(BUILT)


def make_engine(debug: bool):
    url = "sqlite://"
    if not debug:
        url = os.environ["DATABASE_URL"]
    return create_async_engine(url)


def make_engine_from_loop(urls: list[str]):
    for url in urls:
        return create_async_engine(url)
    url = "sqlite://"
    return None


def rewritten():
    url = "postgresql+psycopg2://app@db/app"
    url = url.replace("psycopg2", "asyncpg")
    return create_async_engine(url)

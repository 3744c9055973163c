"""Constants of the module and of the function: every binding says the same URL."""

import os
from typing import Final

from sqlalchemy.ext.asyncio import create_async_engine

DATABASE_URL = "postgresql+psycopg2://app@db/app"
TEST_URL: Final = "sqlite:///test.db"
SCHEME = "mysql+pymysql"
BUILT = SCHEME + "://" + os.environ["DB_HOST"]
FROM_CONSTANT = f"{SCHEME}://app@db/app"

engine = create_async_engine(DATABASE_URL)  # expect: ORM501:30
test_engine = create_async_engine(TEST_URL)  # expect: ORM501:35
built = create_async_engine(BUILT)  # expect: ORM501:29
from_constant = create_async_engine(FROM_CONSTANT)  # expect: ORM501:37


def make_engine():
    url = "postgresql+pg8000://app@db/app"
    return create_async_engine(url)  # expect: ORM501:32


def make_engine_twice(debug: bool):
    url = "sqlite://"
    if debug:
        url = "sqlite://"
    return create_async_engine(url, echo=debug)  # expect: ORM501:32

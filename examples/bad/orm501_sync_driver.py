"""ORM501, bad: ``create_async_engine()`` given ``sqlite://``, whose driver (pysqlite) is not async.

The engine is refused when it is created: the application does not start.

Observed: InvalidRequestError: The asyncio extension requires an async driver to be used.
Observed: The loaded 'pysqlite' is not async.
Observed: engine created: no
"""

import asyncio

from sqlalchemy import text
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.ext.asyncio import create_async_engine

# the settings of the test run: a throwaway database in memory
TEST_DATABASE_URL = "sqlite:///:memory:"


async def main() -> None:
    try:
        engine = create_async_engine(TEST_DATABASE_URL)  # expect: ORM501:38 "loads the synchronous driver pysqlite"
    except InvalidRequestError as error:
        print(f"InvalidRequestError: {error}")
        print("engine created: no")
        return
    try:
        async with engine.connect() as connection:
            print(f"SELECT 1 -> {await connection.scalar(text('SELECT 1'))}")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())

"""ORM501, good: the URL names the async driver, ``sqlite+aiosqlite://``.

Observed: engine created with the driver aiosqlite: SELECT 1 -> 1
"""

import asyncio

from sqlalchemy import text
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.ext.asyncio import create_async_engine

# the settings of the test run: a throwaway database in memory
TEST_DATABASE_URL = "sqlite+aiosqlite:///:memory:"


async def main() -> None:
    try:
        engine = create_async_engine(TEST_DATABASE_URL)
    except InvalidRequestError as error:
        print(f"InvalidRequestError: {error}")
        print("engine created: no")
        return
    try:
        async with engine.connect() as connection:
            value = await connection.scalar(text("SELECT 1"))
            print(f"engine created with the driver {engine.dialect.driver}: SELECT 1 -> {value}")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())

"""ORM101, bad: SQLModel's ``AsyncSession.exec()`` is a coroutine; ``.all()`` is taken from it.

Observed: AttributeError: 'coroutine' object has no attribute 'all'
"""

import asyncio
import os

from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str


async def hero_names(session: AsyncSession) -> list[str]:
    heroes = session.exec(select(Hero).order_by(Hero.name)).all()  # expect: ORM101:14 "taken from the coroutine of"
    return [hero.name for hero in heroes]


async def main() -> None:
    engine = create_async_engine(DATABASE_URL)
    async with engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.drop_all)
        await connection.run_sync(SQLModel.metadata.create_all)
    try:
        async with AsyncSession(engine) as session:
            session.add_all([Hero(name="Thu"), Hero(name="Minh")])
            await session.commit()
            print(f"heroes: {await hero_names(session)}")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())

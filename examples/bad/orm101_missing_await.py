"""ORM101, bad: ``commit()`` is called without ``await``, so the note is never saved.

Observed: notes saved: 0
Observed: coroutine 'AsyncSession.commit' was never awaited
"""

import asyncio
import os

from sqlalchemy import String, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(200))


async def save_note(session: AsyncSession, text: str) -> None:
    session.add(Note(text=text))
    session.commit()  # expect: ORM101:5 "`AsyncSession.commit()` is a coroutine that is never awaited"


async def main() -> None:
    engine = create_async_engine(DATABASE_URL)
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
    new_session = async_sessionmaker(engine)
    async with new_session() as session:
        await save_note(session, "buy milk")
    async with new_session() as session:
        saved = await session.scalar(select(func.count()).select_from(Note))
    print(f"notes saved: {saved}")
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())

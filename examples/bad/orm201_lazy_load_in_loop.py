"""ORM201, bad: the loop reads ``author.books``, which the query did not load; asyncio cannot lazy-load it.

Observed: MissingGreenlet
Observed: greenlet_spawn has not been called

On aiosqlite the MissingGreenlet arrives wrapped in ``sqlalchemy.exc.StatementError``;
on asyncpg it is raised as ``sqlalchemy.exc.MissingGreenlet`` itself.
"""

import asyncio
import os

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncAttrs, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")


class Base(AsyncAttrs, DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    books: Mapped[list["Book"]] = relationship(back_populates="author")


class Book(Base):
    __tablename__ = "books"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"), index=True)
    author: Mapped[Author] = relationship(back_populates="books")


async def main() -> None:
    engine = create_async_engine(DATABASE_URL)
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
    new_session = async_sessionmaker(engine, expire_on_commit=False)
    try:
        async with new_session.begin() as session:
            session.add_all([
                Author(name="Chinua", books=[Book(title="Arrow of God"), Book(title="No Longer at Ease")]),
                Author(name="Mariama", books=[Book(title="So Long a Letter")]),
            ])
        async with new_session() as session:
            authors = (await session.scalars(select(Author).order_by(Author.name))).all()
            for author in authors:
                print(f"{author.name}, books: {len(author.books)}")  # expect: ORM201:52 "`Author.books` was not loaded"
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())

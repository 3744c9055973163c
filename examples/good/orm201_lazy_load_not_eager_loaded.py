"""ORM201, good: ``selectinload(Author.books)`` loads the books together with the author.

Observed: books: ['Dispossessed', 'Lathe']
"""

import asyncio
import os

from sqlalchemy import ForeignKey, String
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    books: Mapped[list["Book"]] = relationship(back_populates="author", order_by="Book.title")


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
            session.add(Author(id=1, name="Ursula", books=[Book(title="Lathe"), Book(title="Dispossessed")]))
        async with new_session() as session:
            author = await session.get(Author, 1, options=[selectinload(Author.books)])
            titles = [book.title for book in author.books]
            print(f"books: {titles}")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())

from sqlalchemy import ForeignKey
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)


class Authored(Base):
    __abstract__ = True
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    @declared_attr
    def author(cls) -> Mapped["User"]:
        return relationship()


class Post(Authored):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)


async def author_of(session: AsyncSession, post_id: int) -> int:
    post = await session.get(Post, post_id)
    return post.author.id  # expect: ORM201:12

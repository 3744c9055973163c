from sqlalchemy import Column, ForeignKey, Integer, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, relationship, selectinload


class Base(DeclarativeBase):
    pass


class Comment(Base):
    __tablename__ = "comments"
    id = Column(Integer, primary_key=True)
    parent_id = Column(Integer, ForeignKey("comments.id"))
    parent = relationship("Comment", remote_side="Comment.id", backref="replies")


async def replies(session: AsyncSession) -> int:
    comments = (await session.scalars(select(Comment).where(Comment.parent_id.is_(None)))).all()
    return sum(len(comment.replies) for comment in comments)  # expect: ORM201:20


async def loaded_replies(session: AsyncSession) -> int:
    statement = select(Comment).options(selectinload(Comment.replies))
    comments = (await session.scalars(statement)).all()
    return sum(len(comment.replies) for comment in comments)

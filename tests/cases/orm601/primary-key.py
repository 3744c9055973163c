"""A composite primary key's second column: the key's index does not serve a lookup by it."""

from sqlalchemy import Column, ForeignKey, Integer, PrimaryKeyConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class UserGroup(Base):
    __tablename__ = "user_groups"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), primary_key=True)  # expect: ORM601:5 "is not the first column of the primary key, and no index leads with it"


class Tagging(Base):
    __tablename__ = "taggings"
    __table_args__ = (PrimaryKeyConstraint("tag_id", "post_id"),)

    post_id = Column(Integer, ForeignKey("posts.id"))  # expect: ORM601:5 "is not the first column of the primary key"
    tag_id = Column(Integer, ForeignKey("tags.id"))

"""The twins: the first column of a primary key (joined inheritance, an association table's first column)."""

from sqlalchemy import Column, ForeignKey, Index, Integer, PrimaryKeyConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Employee(Base):
    __tablename__ = "employees"

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str]


class Engineer(Employee):
    __tablename__ = "engineers"

    id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)


class UserGroup(Base):
    __tablename__ = "user_groups"
    __table_args__ = (Index("ix_user_groups_group_id", "group_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), primary_key=True)


class Tagging(Base):
    __tablename__ = "taggings"
    __table_args__ = (PrimaryKeyConstraint("post_id", "tag_id"), Index("ix_taggings_tag_id", "tag_id"))

    post_id = Column(Integer, ForeignKey("posts.id"))
    tag_id = Column(Integer, ForeignKey("tags.id"))

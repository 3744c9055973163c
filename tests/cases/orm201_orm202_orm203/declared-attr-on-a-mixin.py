from sqlalchemy import ForeignKey
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)


class OwnedMixin:
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    @declared_attr
    def owner(cls) -> Mapped["User"]:
        return relationship()


class Note(OwnedMixin, Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)


async def owner_of(session: AsyncSession, note_id: int) -> int:
    note = await session.get(Note, note_id)
    return note.owner.id  # expect: ORM201:12

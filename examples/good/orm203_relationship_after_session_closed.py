"""ORM203, good: ``selectinload(Team.members)`` loads the members before the session closes.

Observed: Platform: ['Ines', 'Kofi']
"""

import asyncio
import os

from sqlalchemy import ForeignKey, String
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")


class Base(DeclarativeBase):
    pass


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    members: Mapped[list["Member"]] = relationship(back_populates="team", order_by="Member.name")


class Member(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    team: Mapped[Team] = relationship(back_populates="members")


async def main() -> None:
    engine = create_async_engine(DATABASE_URL)
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
    new_session = async_sessionmaker(engine, expire_on_commit=False)
    try:
        async with new_session.begin() as session:
            session.add(Team(id=1, name="Platform", members=[Member(name="Kofi"), Member(name="Ines")]))
        async with new_session() as session:
            team = await session.get(Team, 1, options=[selectinload(Team.members)])
        print(f"{team.name}: {[member.name for member in team.members]}")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())

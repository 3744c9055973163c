from typing import Optional

from sqlmodel import Field, Relationship, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession


class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    heroes: list["Hero"] = Relationship(back_populates="team")
    sponsors: list["Sponsor"] = Relationship(sa_relationship_kwargs={"lazy": "selectin"})


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
    team: Optional[Team] = Relationship(back_populates="heroes")


class Sponsor(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")


async def roster(session: AsyncSession) -> list[str]:
    teams = (await session.exec(select(Team))).all()
    return [hero.name for team in teams for hero in team.heroes]  # expect: ORM201:53

"""The twins: indexed SQLModel foreign keys, foreign_key=None, and a model that is not a table."""

from typing import Optional

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel


class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id", index=True)
    mentor_id: Optional[int] = Field(default=None, sa_column=Column(Integer, ForeignKey("team.id"), index=True))
    rival_id: Optional[int] = Field(default=None, sa_column_args=[ForeignKey("team.id")], sa_column_kwargs={"unique": True})
    guild_id: int = Field(foreign_key="team.id", unique=True)
    nothing_id: Optional[int] = Field(default=None, foreign_key=None)


class HeroCreate(SQLModel):
    """Not a table (no table=True): a schema of the API."""

    team_id: Optional[int] = Field(default=None, foreign_key="team.id")

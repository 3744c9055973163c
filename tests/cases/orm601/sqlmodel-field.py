"""SQLModel: Field(foreign_key=...) in a table model, and the column given as sa_column / sa_column_args."""

from typing import Optional

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel


class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")  # expect: ORM601:5 "foreign key `Hero.team_id` has no index"
    mentor_id: Optional[int] = Field(default=None, sa_column=Column(Integer, ForeignKey("team.id")))  # expect: ORM601:5
    rival_id: Optional[int] = Field(default=None, sa_column_args=[ForeignKey("team.id")])  # expect: ORM601:5
    guild_id: int = Field(foreign_key="team.id", ondelete="CASCADE", nullable=False)  # expect: ORM601:5

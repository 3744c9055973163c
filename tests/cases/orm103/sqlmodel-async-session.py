from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str


async def heroes(session: AsyncSession) -> list[Hero]:
    return session.query(Hero).all()  # expect: ORM103:12 "use `(await session.exec(select(...))).all()`"

from typing import Optional, Sequence
from sqlalchemy import Result
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"

class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def count(self, stmt) -> int:
        return self.session.scalar(stmt)  # expect: ORM101:16 "is returned without `await`"

    async def get(self, user_id: int) -> "User | None":
        return self.session.get(User, user_id)  # expect: ORM101:16 "is returned without `await`"

    async def all(self, stmt) -> Optional[Sequence[User]]:
        return self.session.scalars(stmt)  # expect: ORM101:16 "is returned without `await`"

    def run(self, stmt) -> Result:
        return self.session.execute(stmt)  # expect: ORM101:16 "is returned without `await`"

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from .models import User


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list(self, options: Sequence = ()) -> Sequence[User]:
        return (await self.session.scalars(select(User).options(*options))).all()

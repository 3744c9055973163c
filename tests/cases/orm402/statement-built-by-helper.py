from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

class Filters:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _stmt(self, relation: str, value: object):
        return select(Item).where(getattr(Item, relation) == value)

    async def apply(self, data: dict) -> None:
        for relation, value in data.items():
            await self.session.execute(self._stmt(relation, value))

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

class Orders:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all_orders(self) -> list:
        users = (await self.session.scalars(select(User))).all()
        out = []
        for user in users:
            out.append(await self.session.execute(self._orders_of(user)))  # expect: ORM402:30
        return out

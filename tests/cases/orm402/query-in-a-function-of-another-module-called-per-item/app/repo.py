from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .models import Customer


class Customers:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, customer_id: int) -> Customer | None:
        return await self.session.get(Customer, customer_id)

    async def rename(self, customer_id: int, name: str) -> None:
        await self.session.execute(update(Customer).where(Customer.id == customer_id).values(name=name))

    async def cached(self, customer_id: int) -> Customer | None:
        if customer_id in CACHE:
            return CACHE[customer_id]
        return await self.session.get(Customer, customer_id)


async def find(session: AsyncSession, customer_id: int):
    return (await session.execute(select(Customer).where(Customer.id == customer_id))).scalar_one()


async def find_through(session: AsyncSession, customer_id: int):
    return await find(session, customer_id)

CACHE = {}

import asyncio
from sqlalchemy.ext.asyncio import AsyncSession

class Reports:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def totals(self) -> list:
        return await asyncio.gather(  # expect: ORM302:22
            self.count_users(self.session),
            self.count_orders(self.session),
        )

    async def count_users(self, session: AsyncSession) -> int: ...
    async def count_orders(self, session: AsyncSession) -> int: ...

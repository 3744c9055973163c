import asyncio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

async def dashboard(session: AsyncSession) -> tuple:
    users, orders = await asyncio.gather(  # expect: ORM302:27
        session.execute(select(User)),
        session.execute(select(Order)),
    )
    return users.all(), orders.all()

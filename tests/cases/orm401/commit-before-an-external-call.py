from sqlalchemy.ext.asyncio import AsyncSession

async def charge(session: AsyncSession, orders: list, billing) -> None:
    for order in orders:
        session.add(Invoice(order_id=order.id))
        await session.commit()
        await billing.charge(order.customer_id)  # only once the invoice is saved

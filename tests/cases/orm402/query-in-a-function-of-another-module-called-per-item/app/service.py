from sqlalchemy.ext.asyncio import AsyncSession

from .repo import Customers, find, find_through


async def names(session: AsyncSession, orders) -> list[str]:
    customers = Customers(session)
    out = []
    for order in orders:
        customer = await customers.get(order.customer_id)  # expect: ORM402:26 "runs a query (at app.repo:12)"
        out.append(customer.name)
    for order in orders:
        await find(session, order.customer_id)  # expect: ORM402:15 "(at app.repo:24)"
    for order in orders:
        await find_through(session, order.customer_id)  # expect: ORM402:15 "(at app.repo:24)"
    return out


async def not_queries(session: AsyncSession, orders) -> None:
    customers = Customers(session)
    for order in orders:
        await customers.rename(order.customer_id, "x")  # an UPDATE per item loads nothing
    for order in orders:
        await customers.cached(order.customer_id)  # may return before its query
    for order in orders:
        await customers.get(1)  # the same row each time: not the item's
    for start in range(0, len(orders), 100):
        await find(session, start)  # a batch loop


class Client:
    async def get(self, key): ...


async def another_librarys_get(client: Client, keys) -> None:
    for key in keys:
        await client.get(key)

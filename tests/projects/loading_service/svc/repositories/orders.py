"""A repository class for orders (``Order.customer`` is joined and ``Order.lines`` selectin-loaded
with every order; ``LineItem.order`` raises and ``LineItem.created_by`` is lazy)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from ..models import LineItem, Order, User


class OrderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, order_id: int) -> Order | None:
        return await self.session.get(Order, order_id)

    async def for_customer(self, customer_id: int) -> Sequence[Order]:
        stmt = select(Order).where(Order.customer_id == customer_id).order_by(Order.id)
        return (await self.session.scalars(stmt)).all()

    async def with_line_authors(self, order_id: int) -> Order:
        stmt = (
            select(Order)
            .where(Order.id == order_id)
            .options(selectinload(Order.lines).joinedload(LineItem.created_by))
        )
        return (await self.session.scalars(stmt)).one()

    async def with_customer_history(self, order_id: int) -> Order | None:
        # the customer comes joined with the order; the customer's own orders are loaded here too
        options = [joinedload(Order.customer).selectinload(User.orders)]
        return await self.session.get(Order, order_id, options=options)

    async def customer_order_counts(self) -> dict[str, int]:
        stmt = select(Order).options(joinedload(Order.customer)).order_by(Order.id)
        counts = {}
        for order in (await self.session.scalars(stmt)).all():
            customer = order.customer
            counts[customer.email] = len(customer.orders)  # expect: ORM201:42  needs: svc/models/__init__.py, svc/models/order.py, svc/models/user.py, svc/models/base.py
        return counts

    async def close(self, order: Order) -> None:
        order.status = "closed"
        await self.session.commit()

"""Order endpoints; the SQLAlchemy plugin injects ``db_session`` by its annotation."""

from dataclasses import dataclass

from litestar import Controller, delete, get, post
from litestar.exceptions import NotFoundException
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shop.context import Ctx
from shop.models import Order
from shop.services.orders import cancel_order, order_history, place_order


@dataclass
class OrderIn:
    sku: str
    quantity: int = 1


class OrderController(Controller):
    path = "/orders"

    @post("/")
    async def create(self, data: OrderIn, db_session: AsyncSession, customer_id: int) -> Order:
        ctx = Ctx(session=db_session, customer_id=customer_id)
        order = await place_order(ctx, data.sku, data.quantity)
        await ctx.session.commit()
        return order

    @get("/")
    async def history(self, db_session: AsyncSession, customer_id: int) -> list[Order]:
        return await order_history(Ctx(db_session, customer_id))

    @get("/open-count")
    async def open_count(self, db_session: AsyncSession, customer_id: int) -> int:
        stmt = select(func.count()).select_from(Order).where(
            Order.customer_id == customer_id, Order.status == "open"
        )
        result = await db_session.execute(stmt)
        return await result.scalar_one()  # expect: ORM102:16

    @post("/{order_id:int}/pay")
    async def pay(self, order_id: int, db_session: AsyncSession, customer_id: int) -> Order:
        ctx = Ctx(session=db_session, customer_id=customer_id)
        order = await ctx.session.get(Order, order_id)
        if order is None or order.customer_id != customer_id:
            raise NotFoundException(f"no order {order_id}")
        order.status = "paid"
        ctx.session.commit()  # expect: ORM101:9  needs: src/shop/context.py
        return order

    @delete("/{order_id:int}")
    async def cancel(self, order_id: int, db_session: AsyncSession, customer_id: int) -> None:
        await cancel_order(Ctx(db_session, customer_id), order_id)
        db_session.commit()  # expect: ORM101:9

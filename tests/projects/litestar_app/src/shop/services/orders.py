"""Placing and cancelling orders: business rules, no HTTP."""

from sqlalchemy import select

from ..context import Ctx
from ..models import Order, Product


class OutOfStock(Exception):
    pass


async def place_order(ctx: Ctx, sku: str, quantity: int) -> Order:
    product = await ctx.session.scalar(select(Product).where(Product.sku == sku))
    if product is None or product.stock < quantity:
        raise OutOfStock(sku)
    product.stock -= quantity
    order = Order(
        customer_id=ctx.customer_id,
        product_id=product.id,
        quantity=quantity,
        total_cents=product.price_cents * quantity,
    )
    ctx.session.add(order)
    await ctx.session.flush()
    return order


async def cancel_order(ctx: Ctx, order_id: int) -> None:
    order = await ctx.session.get(Order, order_id)
    if order is None or order.customer_id != ctx.customer_id:
        raise LookupError(order_id)
    product = ctx.session.get(Product, order.product_id)  # expect: ORM101:15  needs: src/shop/context.py
    product.stock += order.quantity
    order.status = "cancelled"


async def order_history(ctx: Ctx, limit: int = 20) -> list[Order]:
    stmt = (
        select(Order)
        .where(Order.customer_id == ctx.customer_id)
        .order_by(Order.created_at.desc())
        .limit(limit)
    )
    result = await ctx.session.execute(stmt)
    return list(result.scalars())

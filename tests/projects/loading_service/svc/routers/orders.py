"""/orders endpoints, through the OrderRepository of a dependency."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException

from ..deps import SessionDep
from ..repositories import OrderRepository

router = APIRouter(prefix="/orders")


def get_repository(session: SessionDep) -> OrderRepository:
    return OrderRepository(session)


RepositoryDep = Annotated[OrderRepository, Depends(get_repository)]


@router.get("/{order_id}")
async def read_order(order_id: int, repository: RepositoryDep) -> dict:
    order = await repository.get(order_id)
    if order is None:
        raise HTTPException(404)
    customer = order.customer  # lazy="joined"
    return {
        "id": order.id,
        "customer": customer.name,
        "lines": [{"sku": line.sku, "quantity": line.quantity} for line in order.lines],  # lazy="selectin"
        "customer_orders": len(customer.orders),  # expect: ORM201:32  needs: svc/repositories/__init__.py, svc/repositories/orders.py, svc/models/__init__.py, svc/models/order.py, svc/models/user.py, svc/models/base.py
    }


@router.get("/{order_id}/history")
async def order_history(order_id: int, repository: RepositoryDep) -> list[int]:
    order = await repository.with_customer_history(order_id)
    if order is None:
        raise HTTPException(404)
    customer = order.customer
    return [past.id for past in customer.orders]


@router.get("/{order_id}/lines")
async def order_lines(order_id: int, repository: RepositoryDep) -> list[dict]:
    order = await repository.with_line_authors(order_id)
    return [
        {"sku": line.sku, "by": line.created_by.email if line.created_by is not None else None}
        for line in order.lines
    ]


@router.get("/customer/{customer_id}")
async def customer_orders(customer_id: int, repository: RepositoryDep) -> list[dict]:
    orders = await repository.for_customer(customer_id)
    result = []
    for order in orders:
        authors = set()
        for line in order.lines:
            if line.created_by_id is not None:
                authors.add(line.created_by.email)  # expect: ORM201:29  needs: svc/repositories/__init__.py, svc/repositories/orders.py, svc/models/__init__.py, svc/models/order.py, svc/models/line_item.py, svc/models/base.py
        result.append({"id": order.id, "customer": order.customer.email, "authors": sorted(authors)})
    return result


@router.post("/{order_id}/close")
async def close_order(order_id: int, repository: RepositoryDep) -> dict:
    order = await repository.get(order_id)
    if order is None:
        raise HTTPException(404)
    await repository.close(order)
    return {"id": order.id, "status": order.status}  # expect: ORM202:19, ORM202:39  needs: svc/repositories/__init__.py, svc/repositories/orders.py, svc/deps.py, svc/db.py, svc/models/__init__.py, svc/models/order.py, svc/models/base.py

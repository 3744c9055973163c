"""Tables, as SQLModel classes."""

from datetime import datetime, timezone

from sqlmodel import Field, SQLModel


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Product(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    sku: str = Field(index=True, unique=True)
    name: str
    price_cents: int
    stock: int = 0


class Order(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(index=True)
    product_id: int = Field(foreign_key="product.id", index=True)
    quantity: int
    total_cents: int
    status: str = "open"
    created_at: datetime = Field(default_factory=_now)

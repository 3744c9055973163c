"""The twin: a table declared in a migration (to move data), whose schema the migration does not create."""

import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

orders = Table(
    "orders",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("customer_id", ForeignKey("customers.id")),
)


def upgrade(connection: sa.Connection) -> None:
    connection.execute(orders.update().values(customer_id=None))

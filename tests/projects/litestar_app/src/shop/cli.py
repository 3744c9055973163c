"""``shop init|seed|report|order``: maintenance without the web application.

A plain asyncio program: it builds its own engine and factory from the URL
given on the command line.
"""

import argparse
import asyncio

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlmodel import SQLModel

from shop.context import Ctx
from shop.models import Order, Product
from shop.services.catalog import price_list
from shop.services.orders import place_order

SEED = [
    {"sku": "MUG-01", "name": "Mug", "price_cents": 1200, "stock": 40},
    {"sku": "TEE-01", "name": "T-shirt", "price_cents": 2500, "stock": 25},
    {"sku": "CAP-01", "name": "Cap", "price_cents": 1800, "stock": 10},
]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shop")
    parser.add_argument("--url", default="sqlite+aiosqlite:///./shop.db")
    parser.add_argument("command", choices=["init", "seed", "report", "order", "prices"])
    parser.add_argument("--sku", default="MUG-01")
    parser.add_argument("--customer", type=int, default=1)
    return parser


async def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    engine = create_async_engine(args.url)
    factory = async_sessionmaker(engine, expire_on_commit=False)
    try:
        if args.command == "init":
            async with engine.begin() as conn:
                await conn.run_sync(SQLModel.metadata.create_all)
        elif args.command == "seed":
            async with factory() as session:
                session.add_all([Product(**row) for row in SEED])
                session.commit()  # expect: ORM101:17
        elif args.command == "report":
            async with factory() as session:
                orders = await session.scalar(select(func.count()).select_from(Order))
                print(f"{orders} orders")
        elif args.command == "order":
            async with factory() as session:
                order = await place_order(Ctx(session, args.customer), args.sku, 1)
                await session.commit()
                print(f"order {order.id}: {order.total_cents} cents")
        elif args.command == "prices":
            for sku, cents in (await price_list()).items():
                print(f"{sku}\t{cents}")
    finally:
        engine.dispose()  # expect: ORM101:9
    return 0


def run() -> None:
    raise SystemExit(asyncio.run(main()))


if __name__ == "__main__":
    run()

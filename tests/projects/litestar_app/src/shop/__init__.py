"""A small shop on Litestar, SQLAlchemy's asyncio ORM and SQLModel."""

"""From SQLAlchemy 2.1, which the project requires, postgresql:// and oracle:// load async-capable drivers."""

from sqlalchemy.ext.asyncio import create_async_engine

from .config import DATABASE_URL

engine = create_async_engine(DATABASE_URL)
oracle = create_async_engine("oracle://app@db")
sqlite = create_async_engine("sqlite://")  # expect: ORM501:30 "`sqlite://` loads the synchronous driver pysqlite"

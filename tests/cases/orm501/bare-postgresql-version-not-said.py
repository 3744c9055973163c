"""postgresql:// and oracle:// load psycopg2 and cx_Oracle before SQLAlchemy 2.1, psycopg and oracledb (async
variants) from 2.1: the project of this file (tests/cases/pyproject.toml) does not say which SQLAlchemy it runs
on, so the rule stays silent (see the project cases for the versions said)."""

from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine("postgresql://app@db/app")
oracle = create_async_engine("oracle://app@db")

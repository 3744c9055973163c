"""URL objects: URL.create, make_url and URL.set name the driver."""

import os

import sqlalchemy as sa
from sqlalchemy import URL, make_url
from sqlalchemy.engine import url as sa_url
from sqlalchemy.ext.asyncio import create_async_engine

created = create_async_engine(URL.create("postgresql+psycopg2", username="app", host="db"))  # expect: ORM501:31
by_keyword = create_async_engine(URL.create(drivername="mysql+pymysql", host="db"))  # expect: ORM501:34
through_module = create_async_engine(sa.engine.URL.create(drivername="sqlite"))  # expect: ORM501:38
made = create_async_engine(make_url("postgresql+pg8000://app@db/app"))  # expect: ORM501:28
made_by_module = create_async_engine(sa_url.make_url("mssql+pyodbc://app@dsn"))  # expect: ORM501:38
set_driver = create_async_engine(make_url(os.environ["DATABASE_URL"]).set(drivername="postgresql+psycopg2"))  # expect: ORM501:34
set_other = create_async_engine(make_url("sqlite:///app.db").set(database="other.db"))  # expect: ORM501:33

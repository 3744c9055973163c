"""URLs built around a literal scheme: f-strings, concatenations, % and format()."""

import os

from sqlalchemy.ext.asyncio import create_async_engine

USER = os.environ["DB_USER"]
HOST = os.environ["DB_HOST"]

by_fstring = create_async_engine(f"postgresql+psycopg2://{USER}@{HOST}/app")  # expect: ORM501:34
by_concatenation = create_async_engine("mysql+pymysql://" + USER + "@" + HOST + "/app")  # expect: ORM501:40
by_percent = create_async_engine("sqlite:///%s" % os.environ["DB_PATH"])  # expect: ORM501:34
by_format = create_async_engine("postgresql+pg8000://{}@{}/app".format(USER, HOST))  # expect: ORM501:33
in_function_call = create_async_engine(f"mssql+pyodbc://{USER}@dsn", pool_pre_ping=True)  # expect: ORM501:40

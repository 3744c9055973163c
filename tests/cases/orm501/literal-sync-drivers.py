"""URLs written out, each naming a driver that is not async: create_async_engine raises InvalidRequestError."""

from sqlalchemy.ext.asyncio import create_async_engine

pg2 = create_async_engine("postgresql+psycopg2://app:secret@db/app")  # expect: ORM501:27 "names the synchronous driver psycopg2"
pg8000 = create_async_engine("postgresql+pg8000://app@db/app")  # expect: ORM501:30 "use `postgresql+asyncpg://` or `postgresql+psycopg://`"
pymysql = create_async_engine("mysql+pymysql://app@db/app")  # expect: ORM501:31 "use `mysql+aiomysql://` or `mysql+asyncmy://`"
mysqldb = create_async_engine("mysql+mysqldb://app@db/app")  # expect: ORM501:31
mariadb = create_async_engine("mariadb+mariadbconnector://app@db/app")  # expect: ORM501:31
memory = create_async_engine("sqlite://")  # expect: ORM501:30 "`sqlite://` loads the synchronous driver pysqlite"
file = create_async_engine("sqlite+pysqlite:///app.db", echo=True)  # expect: ORM501:28 "use `sqlite+aiosqlite://`"
mssql = create_async_engine(url="mssql+pyodbc://app@dsn")  # expect: ORM501:33 "use `mssql+aioodbc://`"
bare_mssql = create_async_engine("mssql://app@dsn")  # expect: ORM501:34 "`mssql://` loads the synchronous driver pyodbc"
bare_mysql = create_async_engine("mysql://app@db/app")  # expect: ORM501:34
cx_oracle = create_async_engine("oracle+cx_oracle://app@db")  # expect: ORM501:33 "use `oracle+oracledb://`"

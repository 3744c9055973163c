from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine

engine = create_engine("sqlite://")


async def health() -> int:
    with engine.connect() as connection:  # expect: ORM502:10 "`Engine.connect()` waits for the database"
        return connection.execute(text("SELECT 1")).scalar_one()  # expect: ORM502:16 "use an `AsyncConnection`"


async def migrate(target: Engine) -> None:
    with target.begin() as connection:  # expect: ORM502:10 "use an `AsyncEngine`"
        connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS t (x INTEGER)")  # expect: ORM502:9


async def given(connection: Connection) -> None:
    connection.execute(text("UPDATE t SET x = 1"))  # expect: ORM502:5
    connection.commit()  # expect: ORM502:5
    print(connection.scalar(text("SELECT count(*) FROM t")))  # expect: ORM502:11

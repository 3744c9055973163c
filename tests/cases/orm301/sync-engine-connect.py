from sqlalchemy import create_engine, text

engine = create_engine("sqlite://")

def ping() -> int:
    conn = engine.connect()  # expect: ORM301:12
    return conn.execute(text("select 1")).scalar_one()

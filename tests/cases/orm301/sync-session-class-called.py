from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

engine = create_engine("sqlite://")

def first_user() -> User | None:
    s = Session(engine)  # expect: ORM301:9
    return s.scalars(select(User)).first()

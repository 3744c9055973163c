import contextlib
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

SessionLocal = sessionmaker(bind=create_engine("sqlite://"))

def run() -> None:
    s = SessionLocal()
    with contextlib.closing(s) as managed:
        managed.commit()

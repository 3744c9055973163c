from contextlib import ExitStack
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

SessionLocal = sessionmaker(bind=create_engine("sqlite://"))

def run(user: User) -> None:
    with ExitStack() as stack:
        s = SessionLocal()
        stack.callback(lambda: s.close())
        s.add(user)
        s.commit()

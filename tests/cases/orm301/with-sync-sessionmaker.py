from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

SessionLocal = sessionmaker(bind=create_engine("sqlite://"))

def create_user(name: str) -> None:
    with SessionLocal() as s:
        s.add(User(name=name))
        s.commit()

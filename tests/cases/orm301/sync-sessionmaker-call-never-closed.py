from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite://")
SessionLocal = sessionmaker(bind=engine, autoflush=False)

def create_user(name: str) -> None:
    db = SessionLocal()  # expect: ORM301:10
    db.add(User(name=name))
    db.commit()

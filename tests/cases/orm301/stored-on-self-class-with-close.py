from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

SessionLocal = sessionmaker(bind=create_engine("sqlite://"))

class Repository:
    def __init__(self) -> None:
        self.session = SessionLocal()

    def close(self) -> None:
        self.session.close()

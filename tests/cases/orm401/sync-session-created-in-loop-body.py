from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

SessionLocal = sessionmaker(bind=create_engine("sqlite://"))

def import_rows(rows: list[dict]) -> None:
    for row in rows:
        with SessionLocal() as s:
            s.add(Item(**row))
            s.commit()

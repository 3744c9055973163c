from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

SessionLocal = sessionmaker(bind=create_engine("sqlite://"))

session = SessionLocal()
session.add(User(name="admin"))
session.commit()

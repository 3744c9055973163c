from sqlalchemy import create_engine
from sqlalchemy.orm import Session, scoped_session, sessionmaker
from sqlmodel import Session as SQLModelSession

engine = create_engine("sqlite://")
SessionLocal = sessionmaker(engine)
registry = scoped_session(SessionLocal)


def users(session: Session, User) -> list:
    return session.query(User).all()


def with_the_factory(User) -> int:
    with SessionLocal() as session:
        return session.query(User).count()


def with_the_registry(User) -> int:
    return registry.query(User).count()


def legacy_sqlmodel(session: SQLModelSession, Hero) -> list:
    return session.query(Hero).all()


async def in_a_coroutine_too(session: Session, User) -> int:
    return session.query(User).count()

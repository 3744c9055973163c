from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, scoped_session, sessionmaker
from sqlmodel import Session as SQLModelSession

engine = create_engine("sqlite://")
SessionLocal = sessionmaker(engine)
registry = scoped_session(SessionLocal)


async def load(User, ids: list[int]) -> list:
    with SessionLocal() as session:
        return [session.get(User, i) for i in ids]  # expect: ORM502:17


async def from_the_registry(User) -> list:
    rows = registry.query(User).all()  # expect: ORM502:12 "`scoped_session.query()`"
    registry.flush()  # expect: ORM502:5 "use an `async_scoped_session`"
    return rows


async def sqlmodel_heroes(Hero) -> list:
    with SQLModelSession(engine) as session:
        return session.exec(select(Hero)).all()  # expect: ORM502:16 "`Session.exec()`"


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    async def by_name(self, User, name: str):
        return self.session.scalars(select(User).where(User.name == name)).first()  # expect: ORM502:16

    def by_id(self, User, user_id: int):
        return self.session.get(User, user_id)

from typing import Annotated, Iterator

from fastapi import Depends, FastAPI
from sqlalchemy import String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

engine = create_engine("sqlite://")
SessionLocal = sessionmaker(engine)
app = FastAPI()


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


def get_db() -> Iterator[Session]:
    with SessionLocal() as session:
        yield session


@app.get("/users")
async def list_users(db: Session = Depends(get_db)) -> list[str]:
    return [user.name for user in db.scalars(select(User))]  # expect: ORM502:35 "`Session.scalars()` waits for the database in `async def list_users`"


@app.get("/users/{user_id}")
async def read_user(user_id: int, db: Annotated[Session, Depends(get_db)]) -> str | None:
    user = db.get(User, user_id)  # expect: ORM502:12 "use an `AsyncSession` (and `await`)"
    return user.name if user else None


@app.post("/users")
async def create_user(name: str, db: Session = Depends(get_db)) -> int:
    user = User(name=name)
    db.add(user)
    db.commit()  # expect: ORM502:5
    db.refresh(user)  # expect: ORM502:5
    return user.id


@app.get("/legacy")
async def legacy(db: Session = Depends(get_db)) -> int:
    return db.query(User).count()  # expect: ORM502:12 "`Session.query()` builds a query that runs synchronously"


@app.get("/injected")
async def injected(db=Depends(get_db)) -> list[User]:
    return list(db.execute(select(User)).scalars())  # expect: ORM502:17

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite://")
factory = sessionmaker(engine)

def f(session: Session, obj) -> None:
    session.add(obj)
    session.commit()
    session.execute(select(1)).scalars().all()

async def g(obj) -> None:
    with factory() as session:
        session.add(obj)
        session.commit()
    with engine.begin() as conn:
        conn.execute(select(1))
    with Session(engine) as s:
        s.flush()

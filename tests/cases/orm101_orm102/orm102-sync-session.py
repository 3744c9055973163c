from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite://")
factory = sessionmaker(engine)

async def f(session: Session, stmt) -> None:
    await session.commit()  # expect: ORM102:5
    await session.execute(stmt)  # expect: ORM102:5
    result = session.execute(stmt)
    await result.all()  # expect: ORM102:5
    with factory() as other:
        await other.flush()  # expect: ORM102:9
    with engine.connect() as conn:
        await conn.execute(stmt)  # expect: ORM102:9

from sqlmodel import Session, create_engine, select

engine = create_engine("sqlite://")

def f(Hero) -> None:
    with Session(engine) as session:
        session.exec(select(Hero)).all()
        session.commit()

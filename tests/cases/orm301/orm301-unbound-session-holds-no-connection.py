from sqlalchemy.orm import Session

def pending_objects(instance):
    session = Session()
    session.add(instance)
    found = list(session.new)
    session.expunge_all()
    return found

def leaked(engine):
    session = Session(engine)  # expect: ORM301:15
    session.execute(1)

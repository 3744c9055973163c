from sqlalchemy.orm import Session

def import_tags(session: Session, labels: list[str]) -> None:
    for label in labels:
        session.add(Tag(label=label))
        session.commit()  # expect: ORM401:9

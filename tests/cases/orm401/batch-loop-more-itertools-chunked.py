import more_itertools
from sqlalchemy.orm import Session

def import_tags(session: Session, labels: list[str]) -> None:
    for chunk in more_itertools.chunked(labels, 100):
        session.add_all([Tag(label=label) for label in chunk])
        session.commit()

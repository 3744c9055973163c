from sqlalchemy import func, select
from sqlalchemy.orm import Session

def scores(session: Session) -> None:
    for user in session.scalars(select(User)):
        user.score = session.scalar(  # expect: ORM402:22
            select(func.count(Order.id)).where(Order.user_id == user.id)
        )

from .models import User


def order_count(user: User) -> int:
    return len(user.orders)


def summary(user: User) -> dict:
    return {"id": user.id, "orders": order_count(user)}

from .orders import OrderRepository

__all__ = ["OrderRepository"]

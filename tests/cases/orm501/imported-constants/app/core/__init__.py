from .settings import SYNC_URL as DEFAULT_URL

__all__ = ["DEFAULT_URL"]

"""Database plumbing, re-exported so that callers write ``from app.core import ...``."""

from .config import Settings, settings
from .db import (
    ReplicaSession,
    SyncSessionLocal,
    async_session,
    dispose_engines,
    engine,
    get_session,
    new_session,
    session_scope,
)

# What ``from app.core import *`` gives; get_session, new_session and
# SyncSessionLocal must be imported by name.
__all__ = [
    "ReplicaSession",
    "Settings",
    "async_session",
    "dispose_engines",
    "engine",
    "session_scope",
    "settings",
]

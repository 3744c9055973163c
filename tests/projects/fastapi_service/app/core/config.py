"""Settings, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=lambda: _env("DATABASE_URL", "sqlite+aiosqlite:///./service.db"))
    replica_url: str = field(default_factory=lambda: _env("REPLICA_DATABASE_URL", "sqlite+aiosqlite:///./service.db"))
    sync_database_url: str = field(default_factory=lambda: _env("SYNC_DATABASE_URL", "sqlite:///./service.db"))
    echo_sql: bool = field(default_factory=lambda: _env("ECHO_SQL", "0") == "1")
    worker_poll_seconds: float = 5.0


settings = Settings()

"""The project's own configuration files the rules read (``alembic.ini``, ``env.py``, ``pyproject.toml``,
requirement files): as text, and only when small and UTF-8; None otherwise, never an error."""

from __future__ import annotations

import os

#: Larger files are not configuration: they are not read.
MAX_BYTES = 1_000_000


def read_text(path: str) -> str | None:
    try:
        if os.path.getsize(path) > MAX_BYTES:
            return None
        with open(path, encoding="utf-8") as stream:
            return stream.read()
    except (OSError, UnicodeError):
        return None

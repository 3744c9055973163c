"""Session factories for plugins, chosen at run time: nothing here says what they build."""

from __future__ import annotations

import os
from importlib import import_module


def _default_maker():
    module = import_module(os.environ.get("SESSION_MAKER_MODULE", "app.plugins.sessions"))
    return getattr(module, os.environ.get("SESSION_MAKER_NAME", "make_sessionmaker"))


def build_factory(engine, **options):
    maker = options.pop("maker", None) or _default_maker()
    return maker(bind=engine, **options)


class AsyncSession:
    """Facade over a plugin's session.

    Despite its name it is not SQLAlchemy's class: every method is synchronous.
    """

    def __init__(self, raw) -> None:
        self._raw = raw

    def add(self, obj) -> None:
        self._raw.add(obj)

    def commit(self) -> None:
        self._raw.commit()

    def close(self) -> None:
        self._raw.close()

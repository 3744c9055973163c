"""The rules: every module ``ormNNN_*.py`` of this package, found when the package is imported.

Adding a rule is writing its module (a :class:`~.base.Rule` subclass with its
code, pylint id and symbol, summary, documented docstring and the calls it
asks the walk for), its ``examples/bad`` and ``examples/good`` programs and
its tests; nothing else names it.
"""

from __future__ import annotations

import importlib
import pkgutil

from .base import Rule


def _discover() -> tuple[type[Rule], ...]:
    """The rule classes of the ``orm*`` modules of this package, by code."""
    found: list[type[Rule]] = []
    for module_info in pkgutil.iter_modules(__path__):
        if not module_info.name.startswith("orm"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        found.extend(
            value for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, Rule) and value.__module__ == module.__name__
        )
    return tuple(sorted(found, key=lambda rule: rule.code))


RULES: tuple[type[Rule], ...] = _discover()

__all__ = ["Rule", "RULES"]

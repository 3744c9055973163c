"""``.pre-commit-hooks.yaml``: a hook for the command and one for flake8, as pre-commit reads them.

(pre-commit's own validator, ``pre_commit.clientlib.load_manifest``, accepts the file; this test
reads its flat form without a YAML parser, so that the suite needs neither.)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def _hooks() -> dict[str, dict[str, str]]:
    hooks: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = re.fullmatch(r"(- |  )(\w+): (.+)", line)
        assert match, f"not a flat hook entry: {line!r}"
        if match[1] == "- ":
            current = {}
        assert current is not None
        current[match[2]] = match[3]
        if match[2] == "id":
            hooks[match[3]] = current
    return hooks


def test_hooks() -> None:
    hooks = _hooks()
    assert set(hooks) == {"async-orm-lint", "async-orm-lint-flake8"}
    for hook in hooks.values():
        assert {"id", "name", "entry", "language", "types"} <= set(hook)
        assert hook["language"] == "python" and hook["types"] == "[python]"
        assert hook["require_serial"] == "false"
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    command = hooks["async-orm-lint"]
    assert command["entry"].split()[0] in scripts  # the console script, no flake8
    assert "additional_dependencies" not in command
    flake8 = hooks["async-orm-lint-flake8"]
    assert flake8["entry"] == "flake8 --select ORM" and "flake8" in flake8["additional_dependencies"]

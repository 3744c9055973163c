"""ORM701: an Alembic migration that cannot be undone without saying so."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import api
from ..analysis import Analysis
from ..findings import Finding
from ._migrations import imports_op, in_versions, op_calls, parts
from .base import Rule


class EmptyDowngrade(Rule):
    """
    ## What it does
    Finds an Alembic migration whose `downgrade()` does nothing (its body is
    `pass`, `...`, a docstring or a bare `return`) while its `upgrade()`
    changes the database (calls an operation of `op`: `op.create_table`,
    `op.add_column`, `op.batch_alter_table`, `op.execute`...), and a module of
    a versions directory that has a `revision` but no `down_revision`.

    A module is a migration when it is in the versions directory of an
    Alembic environment (a `versions/` folder next to an `env.py` that uses
    Alembic, or the script location or a `version_locations` directory of an
    `alembic.ini`, or of `[tool.alembic]` in `pyproject.toml`), or, wherever
    it is, when it has the whole shape of one (module-level `revision` and
    `down_revision`, `upgrade()` and `downgrade()`, `op` imported from
    Alembic).

    It stays silent on a `downgrade()` that raises (an explicit decision that
    the revision cannot be undone), on a merge revision or any other whose
    `upgrade()` changes nothing either, and on an `upgrade()` whose only
    operations are `op.get_bind()` or `op.get_context()` (a data migration
    through the connection) or that calls helpers of its own (what they do is
    not followed).

    ## Why is this bad?
    `alembic downgrade` runs the empty `downgrade()`, then records the
    revision as undone: the database keeps the tables, columns and indexes
    the revision made, while Alembic believes they are gone. The next
    `alembic upgrade` runs `upgrade()` again and fails (`table ... already
    exists`), or, worse, succeeds half-way. A rollback in production (after a
    bad deploy) leaves a schema that matches no revision.

    Without `down_revision`, Alembic cannot load the versions directory at
    all: every `alembic` command fails with `AttributeError: module ... has
    no attribute 'down_revision'`.

    ## Example
    ```python
    revision = "3f2a1c"
    down_revision = "9b0e77"


    def upgrade() -> None:
        op.add_column("users", sa.Column("nickname", sa.String(50)))


    def downgrade() -> None:
        pass
    ```

    ## Use instead
    ```python
    def downgrade() -> None:
        op.drop_column("users", "nickname")
    ```
    or, for a revision that cannot be undone (data thrown away), say so:
    `raise NotImplementedError("3f2a1c drops data: restore from a backup")`.
    """

    code = "ORM701"
    pylint_id = "W5861"
    symbol = "async-orm-empty-downgrade"
    summary = "Alembic migration whose `downgrade()` does nothing while `upgrade()` changes the database"

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        migration = parts(analysis.tree)
        if migration.revision is None and migration.upgrade is None:
            return
        module = analysis.scopes.module
        placed = in_versions(analysis.path)
        shaped = (
            None not in migration and imports_op(analysis.evaluator, analysis.tree, module)
        )
        if not (placed or shaped):
            return
        if placed and migration.revision is not None and migration.down_revision is None:
            yield self.finding(
                migration.revision,
                "this migration has no `down_revision`: Alembic cannot load its versions directory "
                "(AttributeError), and every `alembic` command fails; set it (None for the first revision)",
            )
        if migration.upgrade is None or migration.downgrade is None or not _does_nothing(migration.downgrade):
            return
        changes = [
            name for _, name in op_calls(analysis.evaluator, migration.upgrade, module)
            if name not in api.ALEMBIC_OP_READS
        ]
        if changes:
            yield self.finding(
                migration.downgrade,
                f"`downgrade()` does nothing, but `upgrade()` changes the database (`op.{changes[0]}()`): "
                "`alembic downgrade` records the revision as undone and leaves its changes in place; write the "
                "inverse operations, or raise if the revision cannot be undone",
            )


def _does_nothing(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A body of ``pass``, ``...``, a docstring or a bare ``return``."""
    for statement in function.body:
        if type(statement) is ast.Pass:
            continue
        if type(statement) is ast.Expr and type(statement.value) is ast.Constant:
            continue  # a docstring, ``...``
        if type(statement) is ast.Return and (
            statement.value is None or (type(statement.value) is ast.Constant and statement.value.value is None)
        ):
            continue
        return False
    return True

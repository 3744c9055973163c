"""The names ORM601 reads tables and constraints by are the installed SQLAlchemy's and SQLModel's."""

from __future__ import annotations

import importlib

import pytest

from async_orm_lint import api

sqlalchemy = pytest.importorskip("sqlalchemy")
import sqlalchemy.orm  # noqa: E402
import sqlmodel  # noqa: E402

EXPECTED = {
    "TABLE_CLASSES": sqlalchemy.Table,
    "COLUMN_CLASSES": sqlalchemy.Column,
    "FOREIGN_KEY_CLASSES": sqlalchemy.ForeignKey,
    "INDEX_CLASSES": sqlalchemy.Index,
    "UNIQUE_CONSTRAINT_CLASSES": sqlalchemy.UniqueConstraint,
    "PRIMARY_KEY_CONSTRAINT_CLASSES": sqlalchemy.PrimaryKeyConstraint,
    "MAPPED_COLUMN_FUNCTIONS": sqlalchemy.orm.mapped_column,
    "SQLMODEL_FIELD_FUNCTIONS": sqlmodel.Field,
}


def _imported(dotted: str) -> object:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


@pytest.mark.parametrize("table", sorted(EXPECTED))
def test_every_name_is_the_object(table: str) -> None:
    for dotted in getattr(api, table):
        assert _imported(dotted) is EXPECTED[table], dotted


def test_other_constraints() -> None:
    assert {_imported(dotted) for dotted in api.OTHER_CONSTRAINT_CLASSES} == {
        sqlalchemy.ForeignKeyConstraint, sqlalchemy.CheckConstraint,
    }


def test_alembic_operations_that_change_nothing_are_alembics() -> None:
    alembic_op = pytest.importorskip("alembic.op")
    assert api.ALEMBIC_OP == alembic_op.__name__
    for name in api.ALEMBIC_OP_READS:
        assert callable(getattr(alembic_op, name)), name

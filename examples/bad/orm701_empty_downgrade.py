"""ORM701, bad: this migration's ``downgrade()`` does nothing.

``alembic downgrade -1`` records the revision as undone but leaves its table behind, and the next
``alembic upgrade head`` fails.  The program is the migration: it writes an Alembic environment into a
temporary directory, copies itself into its ``versions/`` folder, and runs ``upgrade head``,
``downgrade -1`` and ``upgrade head`` again on SQLite.

Observed: after downgrade -1: alembic_version: (none); tables: audit_log
Observed: upgrade head again: OperationalError: table audit_log already exists
"""

# Alembic names a revision's variables (revision, down_revision...) and makes op's operations at run time:
# pylint: disable=invalid-name,no-member

import pathlib
import shutil
import tempfile

import sqlalchemy as sa
from alembic import command, op
from alembic.config import Config

revision = "0001_audit_log"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("message", sa.String(200), nullable=False),
    )


def downgrade() -> None:  # expect: ORM701:1 "`downgrade()` does nothing, but `upgrade()` changes the database"
    pass


ENV_PY = """\
from alembic import context
from sqlalchemy import create_engine

engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
with engine.connect() as connection:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
"""


def report(when: str, url: str) -> None:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        versions = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
        tables = sorted(set(sa.inspect(connection).get_table_names()) - {"alembic_version"})
    engine.dispose()
    print(f"{when}: alembic_version: {', '.join(versions) or '(none)'}; tables: {', '.join(tables) or '(none)'}")


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = pathlib.Path(directory)
        (root / "migrations" / "versions").mkdir(parents=True)
        (root / "migrations" / "env.py").write_text(ENV_PY, encoding="utf-8")
        shutil.copy(__file__, root / "migrations" / "versions" / f"{revision}.py")
        url = f"sqlite:///{root / 'app.db'}"
        config = Config()
        config.set_main_option("script_location", str(root / "migrations"))
        config.set_main_option("sqlalchemy.url", url)
        command.upgrade(config, "head")
        report("after upgrade head", url)
        command.downgrade(config, "-1")
        report("after downgrade -1", url)
        try:
            command.upgrade(config, "head")
        except sa.exc.OperationalError as error:
            print(f"upgrade head again: OperationalError: {error.orig}")
        else:
            report("after upgrade head again", url)


if __name__ == "__main__":
    main()

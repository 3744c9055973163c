"""async-orm-lint: static checks for SQLAlchemy's asyncio ORM and SQLModel.

The analysis lives in :mod:`async_orm_lint.engine`; :mod:`async_orm_lint.flake8_plugin`
and :mod:`async_orm_lint.pylint_plugin` only translate its findings, and so does the
``async-orm-lint`` command (:mod:`async_orm_lint.cli`).
"""

__version__ = "0.2.0"

#: The project's home: links to a rule's documentation (SARIF's helpUri, pylint's ``--help-msg``)
#: point into its ``docs/rules.md``.
PROJECT_URL = "https://github.com/async-orm-lint/async-orm-lint"

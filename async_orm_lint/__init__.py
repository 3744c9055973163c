"""async-orm-lint: static checks for SQLAlchemy's asyncio ORM and SQLModel.

The analysis lives in :mod:`async_orm_lint.engine`; :mod:`async_orm_lint.flake8_plugin`
and :mod:`async_orm_lint.pylint_plugin` only translate its findings.
"""

__version__ = "0.1.0"

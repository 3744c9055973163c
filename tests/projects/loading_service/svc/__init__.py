"""An order service whose relationships are loaded (or not) far from where they are read.

``svc/models`` (a base, two mixins, ``User``, ``Order``, ``LineItem`` with
``lazy="select"``, ``"joined"``, ``"selectin"`` and ``"raise"`` relationships
and a ``declared_attr`` one on a mixin), ``svc/db.py`` (an ``async_sessionmaker``
with the default ``expire_on_commit=True`` and one without), repositories that
load with and without loader options, and consumers: FastAPI routers and
background jobs (``svc/reports.py``).  Every ``# expect:`` line raises at run
time against SQLite (MissingGreenlet, DetachedInstanceError, or the
InvalidRequestError of ``lazy="raise"``) and every other read runs.
"""

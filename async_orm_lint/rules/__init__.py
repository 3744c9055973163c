"""The rules, registered in one place.

Adding a rule: write a module with a :class:`~.base.Rule` subclass (code,
pylint id and symbol, summary, documented docstring), add it to :data:`RULES`,
and add ``examples/bad`` and ``examples/good`` programs for it.
"""

from __future__ import annotations

from .base import Rule
from .orm101_missing_await import MissingAwait
from .orm102_await_not_awaitable import AwaitNotAwaitable
from .orm201_lazy_load import AfterSessionClosed, NotEagerLoaded
from .orm202_expired_after_commit import ExpiredAfterCommit
from .orm301_no_context_manager import NoContextManager
from .orm302_session_shared_by_tasks import SessionSharedByTasks
from .orm401_commit_in_loop import CommitInLoop
from .orm402_query_in_loop import QueryInLoop

RULES: tuple[type[Rule], ...] = (
    MissingAwait,
    AwaitNotAwaitable,
    NotEagerLoaded,
    ExpiredAfterCommit,
    AfterSessionClosed,
    NoContextManager,
    SessionSharedByTasks,
    CommitInLoop,
    QueryInLoop,
)

__all__ = ["Rule", "RULES"]

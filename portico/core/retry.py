"""Background work outlives a locked database (issue 14, item 12).

A long write (an import, `bench_data`, a migration) can hold SQLite's write lock longer than
the 20 s a connection waits for it; PostgreSQL gives up on a lock timeout, a deadlock or a
serialisation failure. A web request can answer "try again"; the scheduler and the task
worker instead wait and try again, so that nobody has to restart them.
"""

import logging
import time
from functools import wraps

from django.db import OperationalError, connection

logger = logging.getLogger(__name__)

# Seconds between attempts: about a minute in all, on top of SQLite's own 20 s wait each time.
DELAYS = (0.5, 1, 2, 4, 8, 15, 30)
# PostgreSQL's serialization_failure, deadlock_detected and lock_not_available.
LOCK_STATES = {"40001", "40P01", "55P03"}


def is_locked(error: OperationalError) -> bool:
    """Whether `error` says the database was busy (worth trying again), not broken."""
    if getattr(error.__cause__, "sqlstate", None) in LOCK_STATES:
        return True
    return "is locked" in str(error).lower()  # SQLite: database (or table) is locked


def retry_locked(function):
    """Run `function` again, after a growing pause, while it fails on a locked database; any
    other error, or the last attempt's, is raised. Only at the outermost level: inside a
    transaction the failed statement has spoiled it, so the error goes up to whoever opened
    it. `function` must be safe to run twice (every task and scheduled job is)."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        for attempt, delay in enumerate((*DELAYS, None), start=1):
            try:
                return function(*args, **kwargs)
            except OperationalError as error:
                if delay is None or connection.in_atomic_block or not is_locked(error):
                    raise
                logger.warning(
                    "function=%s attempt=%d database locked (%s), trying again in %s s",
                    function.__qualname__,
                    attempt,
                    error,
                    delay,
                )
                time.sleep(delay)

    return wrapper

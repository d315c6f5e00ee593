"""Core's periodic jobs (registered in core/apps.py): housekeeping of sessions, task results and
the query planner's statistics. Each is safe to run twice for the same period."""

from django.core.management import call_command
from django.db import connection
from django.tasks import task_backends
from django_tasks_db import DatabaseBackend

from portico.core.schedule import DailyAt, Job


def clear_sessions(now):
    call_command("clearsessions")


def prune_task_results(now):
    if isinstance(task_backends["default"], DatabaseBackend):
        call_command("prune_db_task_results", min_age_days=7, verbosity=0)


def refresh_statistics(now):
    """SQLite's query planner only knows the tables' shape from ANALYZE (PostgreSQL's autovacuum
    keeps its own statistics): without them a search of 100,000 clients picks a plan ~3× slower."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


JOBS = [
    Job("clear-expired-sessions", DailyAt(hour=3), clear_sessions, order=40),
    Job("prune-task-results", DailyAt(hour=3, minute=30), prune_task_results, order=50),
    Job("refresh-statistics", DailyAt(hour=4), refresh_statistics, order=60),
]

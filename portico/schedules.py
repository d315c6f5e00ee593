"""Every periodic job Portico runs, in one list. Each is safe to run twice for the same period."""

from django.core.management import call_command
from django.db import connection
from django.tasks import task_backends
from django_tasks_db import DatabaseBackend

from portico.core.schedule import DailyAt, Every, Job
from portico.messaging.tasks import RETRY_EVERY, retry_unsent_emails
from portico.notifications.digests import send_due_digests
from portico.portal.actions import requeue_stalled


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
    Job("retry-unsent-emails", RETRY_EVERY, retry_unsent_emails),
    # Every 5 minutes: the job itself knows, per firm time zone, which digests are due (N-3),
    # and picks up whatever an earlier run left undone.
    Job("send-digests", Every(minutes=5), send_due_digests),
    # Invitations a dead worker left queued go to the worker again; each is claimed once.
    Job("requeue-stalled-invitations", Every(minutes=5), requeue_stalled),
    Job("clear-expired-sessions", DailyAt(hour=3), clear_sessions),
    Job("prune-task-results", DailyAt(hour=3, minute=30), prune_task_results),
    Job("refresh-statistics", DailyAt(hour=4), refresh_statistics),
]

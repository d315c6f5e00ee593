"""Background work outlives a locked database (issue 14, item 12): while another connection
holds a lock, a scheduled job and the worker's tasks wait and try again instead of dying; a
job that fails all the same is logged, its period released, and the jobs after it still run."""

import logging
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction

from portico.core.models import ScheduledRun
from portico.core.schedule import Every, Job, run_due
from portico.messaging import emails
from portico.messaging.models import EmailLog
from portico.messaging.tasks import deliver_emails, retry_unsent_emails
from portico.portal import actions
from portico.portal.tasks import send_invitations
from tests.portal_setup import contact_on

pytestmark = pytest.mark.django_db(transaction=True)
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@contextmanager
def locked(table, seconds=1.5):
    """Another connection holds `table` locked for `seconds`: SQLite's whole database, through
    a write transaction; on PostgreSQL the table, while this connection gives up on a lock after
    0.2 s (lock_timeout) where it would otherwise wait for it."""
    held = threading.Event()

    def hold():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
                else:
                    cursor.execute(f"UPDATE {table} SET id = id")
                held.set()
                time.sleep(seconds)
        finally:
            held.set()
            connection.close()

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
    holder = threading.Thread(target=hold)
    holder.start()
    held.wait()
    try:
        yield
    finally:
        holder.join()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")


def queued_email():
    with transaction.atomic():
        return emails.send(
            to="cliente@example.es",
            template="password_reset",
            language="es",
            context={"protocol": "http", "domain": "x", "uid": "MQ", "token": "t", "user": None},
        )


def test_a_scheduled_job_waits_out_a_locked_database(settings, caplog):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queued_email()
    jobs = [Job("retry-unsent-emails", Every(minutes=5), retry_unsent_emails)]
    with caplog.at_level(logging.WARNING), locked("core_scheduledrun"):
        assert run_due(jobs, NOW) == ["retry-unsent-emails"]
    assert "database locked" in caplog.text
    assert ScheduledRun.objects.filter(job="retry-unsent-emails").count() == 1


def test_the_delivery_task_waits_out_a_locked_database(settings, smtp, caplog):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    log = queued_email()
    with caplog.at_level(logging.WARNING), locked("messaging_emaillog"):
        assert deliver_emails.call([log.pk]) == ["sent"]
    assert "database locked" in caplog.text
    assert len(smtp.wait_for(1)) == 1


def test_the_invitation_task_waits_out_a_locked_database(settings, personas, caplog):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    email, _ = contact_on(personas.firm, personas.account)
    with transaction.atomic():
        ids = actions.queue_invitations(
            member=personas.owner, targets=[(personas.account.pk, email.pk)]
        )
    with caplog.at_level(logging.WARNING), locked("portal_invitation"):
        assert send_invitations.call(ids) == 1
    assert "database locked" in caplog.text
    assert EmailLog.objects.filter(template="portal_invitation").count() == 1


def test_a_failing_job_is_logged_released_and_the_others_still_run(caplog):
    calls = []

    def broken(now):
        calls.append("broken")
        raise RuntimeError("a bug")

    jobs = [Job("broken", Every(minutes=5), broken), Job("fine", Every(minutes=5), calls.append)]
    with caplog.at_level(logging.ERROR):
        assert run_due(jobs, NOW) == ["fine"]
    assert "job=broken" in caplog.text and "RuntimeError: a bug" in caplog.text
    assert run_due(jobs, NOW) == []  # "fine" ran for this period; "broken" fails again
    assert calls == ["broken", NOW, "broken"]

"""Delivery at least once, and a duplicate only from a crash inside the SMTP exchange (issue
14, item 8): an email is claimed (sending, with a timestamp) before the server sees it; the
retry job leaves a live claim alone and re-sends a stale one with the same Message-ID."""

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from asgiref.sync import sync_to_async
from django.db import connection, transaction
from django.utils import timezone

from portico.messaging import emails
from portico.messaging.models import EmailLog
from portico.messaging.tasks import CLAIM_STALE, deliver_emails, retry_unsent_emails
from tests.mail import Inbox, free_port

pytestmark = pytest.mark.django_db(transaction=True)
CONTEXT = {"protocol": "http", "domain": "testserver", "uid": "MQ", "token": "t", "user": None}
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
Status = EmailLog.Status


def logged(count=1):
    """`count` emails logged and left for the worker (nothing runs it here)."""
    with transaction.atomic():
        return [
            emails.send(
                to=f"cliente{n}@example.es",
                template="password_reset",
                language="es",
                context=CONTEXT,
            )
            for n in range(count)
        ]


class Witness(Inbox):
    """An SMTP server that notes, as each message arrives, how its EmailLog row stands."""

    def __init__(self):
        super().__init__()
        self.rows = []

    async def handle_DATA(self, server, session, envelope):
        await sync_to_async(self.note, thread_sensitive=False)(envelope.rcpt_tos[0])
        return await super().handle_DATA(server, session, envelope)

    def note(self, address):
        log = EmailLog.objects.get(to=address)
        self.rows.append((log.status, log.claimed_at is not None, log.attempts))
        connection.close()


@pytest.fixture
def witness(settings):
    inbox = Witness()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": controller.hostname, "port": controller.port, "timeout": 5},
        }
    }
    yield inbox
    controller.stop()


def test_an_email_is_claimed_before_the_server_sees_it(settings, witness):
    settings.TASKS = DB_TASKS
    logs = logged(3)
    assert deliver_emails.call([log.pk for log in logs]) == ["sent"] * 3
    assert witness.rows == [(Status.SENDING, True, 1)] * 3
    assert set(EmailLog.objects.values_list("status", flat=True)) == {Status.SENT}


def test_each_email_carries_a_message_id_derived_from_its_row(settings, smtp):
    settings.TASKS = DB_TASKS
    (log,) = logged()
    deliver_emails.call([log.pk])
    (message,) = smtp.wait_for(1)
    assert message["Message-ID"] == log.message_id
    assert log.message_id.startswith(f"<portico.{log.pk}.") and log.message_id.endswith(
        "@127.0.0.1>"
    )


def test_a_live_claim_is_left_alone_and_a_stale_one_sent_again_with_the_same_message_id(
    settings, smtp
):
    """What a worker killed between the server's "250 OK" and the mark leaves: a row still
    sending. It is a duplicate when sent again, one the Message-ID tells apart."""
    settings.TASKS = DB_TASKS
    (log,) = logged()
    deliver_emails.call([log.pk])
    now = timezone.now()
    EmailLog.objects.filter(pk=log.pk).update(status=Status.SENDING, claimed_at=now)

    assert deliver_emails.call([log.pk]) == ["skipped"]  # another worker's claim
    assert retry_unsent_emails(now=now + CLAIM_STALE - timedelta(seconds=1)) == 0
    assert retry_unsent_emails(now=now + CLAIM_STALE + timedelta(seconds=1)) == 1
    assert deliver_emails.call([log.pk]) == ["skipped"]  # not stale yet by the clock
    EmailLog.objects.filter(pk=log.pk).update(claimed_at=now - CLAIM_STALE)
    assert deliver_emails.call([log.pk]) == ["sent"]
    first, second = smtp.wait_for(2)
    assert first["Message-ID"] == second["Message-ID"] == log.message_id
    log.refresh_from_db()
    assert (log.status, log.attempts) == (Status.SENT, 2)


def test_a_stale_claim_out_of_attempts_is_marked_failed(settings):
    settings.TASKS = DB_TASKS
    (log,) = logged()
    claimed = timezone.now() - CLAIM_STALE - timedelta(minutes=1)
    EmailLog.objects.filter(pk=log.pk).update(
        status=Status.SENDING, claimed_at=claimed, attempts=settings.EMAIL_MAX_ATTEMPTS
    )
    assert retry_unsent_emails() == 0
    log.refresh_from_db()
    assert (log.status, log.last_error) == (Status.FAILED, "the worker stopped while sending it")

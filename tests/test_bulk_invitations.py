"""Bulk invitations for 2,000 contacts (A-4): the request only queues them; the worker sends
exactly one email per contact email, even when it is stopped and restarted half-way."""

import logging
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portico.clients.models import AccountContact, ClientAccount, Contact, ContactEmail
from portico.core.text import fold
from portico.messaging.models import EmailLog
from portico.portal import actions
from portico.portal.models import Invitation
from tests.factories import PortalIdentityFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
COUNT = 2000
SEND_TASK = "portico.portal.tasks.send_invitations"


def many_clients(firm, count):
    """`count` accounts, each with one contact and one email, made in a few queries."""
    accounts = ClientAccount.objects.bulk_create(
        ClientAccount(firm=firm, name=f"Cliente {i:04}", name_key=fold(f"Cliente {i:04}"))
        for i in range(count)
    )
    contacts = Contact.objects.bulk_create(
        Contact(firm=firm, first_name="Cliente", last_name=f"{i:04}", language="es")
        for i in range(count)
    )
    ContactEmail.objects.bulk_create(
        ContactEmail(contact=c, email=f"cliente{i:04}@example.es", is_primary=True)
        for i, c in enumerate(contacts)
    )
    AccountContact.objects.bulk_create(
        AccountContact(account=a, contact=c) for a, c in zip(accounts, contacts, strict=True)
    )
    # Statistics, as a database in use has them: without, PostgreSQL's plan for the bulk action
    # depends on which tables autovacuum happened to analyse first (one such plan ran for
    # minutes).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@pytest.fixture
def quiet_logs():
    """Thousands of tasks and SMTP sessions: keep their INFO lines out of the way."""
    loggers = [logging.getLogger(name) for name in ("mail.log", "django.tasks", "django_tasks")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


def run_worker(*extra):
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", *extra)


def invite_all_matching(client, query, **fields):
    """More actions → Edit access, Login on and Invite, on every client the query matches."""
    data = {
        "action": "edit_access",
        "login": "on",
        "invite": "on",
        "all_matching": "1",
        "confirmed": "1",
    }
    return client.post(reverse("clients:bulk"), {**data, "query": query, **fields})


def crash_in_the_middle_of_a_batch():
    """What a worker killed half-way through a batch leaves behind: the task row stuck as
    running, half of its invitations sent, the other half still queued."""
    task = DBTaskResult.objects.filter(task_path=SEND_TASK, status="READY").first()
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING")
    ids = task.args_kwargs["args"][0]
    for pk in ids[: len(ids) // 2]:
        actions.send_queued(pk)
    return ids[len(ids) // 2 :]


def test_two_thousand_invitations_go_out_once_each_across_a_worker_restart(
    settings, smtp, client_for, personas, quiet_logs
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    many_clients(personas.firm, COUNT)
    response = invite_all_matching(
        client_for(personas.owner), "tab=all&login=never", message="Bienvenidos al portal"
    )

    assert response.status_code == 302
    assert Invitation.objects.filter(status="queued").count() == COUNT
    assert not EmailLog.objects.exists() and smtp.messages == []  # nothing sent in the request

    run_worker("--max-tasks", "5")  # stopped part-way
    left_queued = crash_in_the_middle_of_a_batch()
    run_worker()
    assert sorted(
        Invitation.objects.filter(status="queued").values_list("pk", flat=True)
    ) == sorted(left_queued)
    later = timezone.now() + timedelta(minutes=10)
    assert actions.requeue_stalled(later) == len(left_queued)  # the scheduled job's rescue
    run_worker()
    assert actions.requeue_stalled(later) == 0

    smtp.wait_for(COUNT, timeout=30)
    received = Counter(message["To"] for message in smtp.messages)
    assert len(received) == COUNT and set(received.values()) == {1}
    assert EmailLog.objects.filter(template="portal_invitation", status="sent").count() == COUNT
    assert not Invitation.objects.exclude(status="sent").exists()
    assert "Bienvenidos al portal" in smtp.messages[0].get_body(("plain",)).get_content()


def test_bulk_on_disconnected_clients_skips_emails_that_already_activated(client_for, personas):
    """The selection is a query on the switches the action changes: who already activated is
    read before Login goes on."""
    many_clients(personas.firm, 3)
    activated = ContactEmail.objects.get(email="cliente0001@example.es")
    PortalIdentityFactory(email=activated, user=UserFactory())
    response = invite_all_matching(client_for(personas.owner), "tab=all&status=disconnected")
    assert response.status_code == 302
    invited = set(Invitation.objects.values_list("email__email", flat=True))
    assert {"cliente0000@example.es", "cliente0002@example.es"} <= invited
    assert "cliente0001@example.es" not in invited

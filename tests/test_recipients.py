"""Nobody deactivated gets email (issue 14, item 4): a user switched off in Users → Active, or a
member switched off in Members → Active, is left out of every recipient selection, and
emails.send() and the delivery worker withhold whatever a selection would let through."""

from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from portico.core import recipients
from portico.firms.models import User
from portico.messaging import emails
from portico.messaging.models import EmailLog
from portico.messaging.tasks import deliver_emails
from portico.notifications import actions as notification_actions
from portico.notifications.digests import send_due_digests
from portico.portal import actions as portal_actions
from portico.portal.models import Invitation
from tests.factories import MemberFactory, PortalIdentityFactory, UserFactory
from tests.portal_setup import (
    contact_on,
    media,  # noqa: F401  (an autouse fixture)
)

pytestmark = pytest.mark.django_db
MONDAY_10 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # 10:00 in Paris
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RESET = {"protocol": "http", "domain": "testserver", "uid": "MQ", "token": "t", "user": None}


def deactivate(member_or_user, how):
    """Switch someone off the way an operator does: Users → Active or Members → Active."""
    user = getattr(member_or_user, "user", member_or_user)
    if how == "user":
        User.objects.filter(pk=user.pk).update(is_active=False)
    else:
        type(member_or_user).objects.filter(pk=member_or_user.pk).update(is_active=False)


def logged_to(template):
    return sorted(EmailLog.objects.filter(template=template).values_list("to", flat=True))


@pytest.mark.parametrize("how", ["user", "member"])
def test_a_deactivated_accountant_gets_no_digest(personas, how):
    for member in (personas.accountant, personas.manager):
        notification_actions.set_digest(
            member=member,
            account=personas.account,
            email=True,
            frequency="daily",
            send_empty=True,
            now=datetime(2026, 10, 28, 12, tzinfo=UTC),
        )
    deactivate(personas.accountant, how)
    assert send_due_digests(MONDAY_10) == 1
    assert logged_to("digest") == [personas.manager.user.email]


@pytest.mark.parametrize("how", ["user", "member"])
def test_notify_accountants_leaves_out_a_deactivated_teammate(client_for, personas, how):
    deactivate(personas.accountant, how)
    response = client_for(personas.admin, "es").post(
        reverse("notifications:notify", args=[personas.account.pk]),
        {"tasks": ["missing_receipts"]},
        follow=True,
    )
    assert "Enviando el correo a 1 contable de Panadería Núñez SL." in response.content.decode()
    assert logged_to("notify_accountants") == [personas.manager.user.email]


def test_an_address_of_a_deactivated_user_is_not_invited(
    client_for, personas, django_capture_on_commit_callbacks
):
    """One by one, in bulk (A-4) and when resent from the Pending tab (C-10)."""
    email, _ = contact_on(personas.firm, personas.account)
    UserFactory(email=email.email, is_active=False)  # a former client of another firm
    with translation.override("en"), pytest.raises(portal_actions.AccessRefused, match="deact"):
        portal_actions.invite(member=personas.owner, account=personas.account, email=email)
    client = client_for(personas.owner)
    data = {"action": "edit_access", "login": "on", "invite": "on", "ids": [personas.account.pk]}
    response = client.post(reverse("clients:bulk"), data)
    page = client.get(response.url).content.decode()
    assert "1 address belongs to a deactivated user and was not invited." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("access:pending_action"), {"action": "send", "emails": [email.pk]}
        )
    assert "belongs to a deactivated user" in client.get(response.url).content.decode()
    assert not Invitation.objects.exists() and not EmailLog.objects.exists()


def test_a_deactivated_client_user_gets_no_document_notice(
    client_for, personas, django_capture_on_commit_callbacks
):
    gone, _ = contact_on(personas.firm, personas.account, address="baja@example.es")
    deactivate(PortalIdentityFactory(email=gone).user, "user")
    kept, _ = contact_on(personas.firm, personas.account, address="sigue@example.es")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(personas.accountant).post(
            reverse("documents:upload", args=[personas.account.pk]),
            {"file": SimpleUploadedFile("Modelo 303.pdf", b"%PDF-1.4 x"), "shared": "on"},
        )
    assert logged_to("document_shared") == ["sigue@example.es"]


@pytest.mark.parametrize("how", ["user", "member"])
def test_a_deactivated_member_gets_no_password_reset(client, personas, how):
    deactivate(personas.accountant, how)
    client.post(reverse("firms:password_reset"), {"email": personas.accountant.user.email})
    assert not EmailLog.objects.exists()


def test_a_deactivated_client_user_gets_no_password_reset(client, personas):
    email, _ = contact_on(personas.firm, personas.account)
    user = PortalIdentityFactory(email=email).user
    deactivate(user, "user")
    client.post(reverse("portal:password_reset"), {"email": user.email})
    assert not EmailLog.objects.exists()


# --- The last guard: emails.send() and the delivery worker ------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", ["user", "member"])
def test_send_withholds_an_email_to_a_deactivated_person_and_logs_why(smtp, personas, how):
    deactivate(personas.accountant, how)
    with transaction.atomic():
        log = emails.send(
            to=personas.accountant.user.email.upper(),  # however the address is written
            template="password_reset",
            language="es",
            context=RESET,
        )
    log.refresh_from_db()
    assert log.status == EmailLog.Status.WITHHELD
    assert (
        log.last_error
        == {
            "user": recipients.USER_INACTIVE,
            "member": recipients.MEMBER_INACTIVE,
        }[how]
    )
    assert log.attempts == 0 and smtp.messages == []


@pytest.mark.django_db(transaction=True)
def test_the_worker_withholds_an_email_whose_recipient_was_deactivated_since(
    settings, smtp, personas
):
    settings.TASKS = DB_TASKS
    with transaction.atomic():
        logs = [
            emails.send(to=m.user.email, template="password_reset", language="fr", context=RESET)
            for m in (personas.accountant, personas.manager)
        ]
    deactivate(personas.accountant, "user")
    assert deliver_emails.call([log.pk for log in logs]) == ["withheld", "sent"]
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
    assert [m["To"] for m in smtp.wait_for(1)] == [personas.manager.user.email]
    logs[0].refresh_from_db()
    assert (logs[0].status, logs[0].last_error) == ("withheld", recipients.USER_INACTIVE)


@pytest.mark.parametrize("others", [3, 300])  # a few addresses, or a bulk action's many
def test_deactivated_addresses_are_found_among_few_or_many(personas, others):
    user = UserFactory(email="baja@example.es", is_active=False).email
    deactivate(member := MemberFactory(firm=personas.firm, user__email="ex@example.es"), "member")
    addresses = [f"cliente{n}@example.es" for n in range(others)] + ["Baja@Example.es"]
    found = recipients.inactive_addresses(iter([*addresses, member.user.email]))
    assert found == {user: recipients.USER_INACTIVE, member.user.email: recipients.MEMBER_INACTIVE}

"""Issue 14, item 11: feedback that tells the truth. With the SMTP server down, the progress
page and the Pending activation tab say the server could not be reached and when the next try
is, never that the address is not valid."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portico.core.schedule import Every
from portico.messaging import delivery
from portico.messaging.models import EmailLog
from portico.portal.models import Invitation, InvitationBatch
from tests.portal_setup import contact_on
from tests.test_email import nowhere

pytestmark = pytest.mark.django_db
LIST = reverse("clients:list")
PENDING = reverse("access:pending_action")


def send_with_the_server_down(settings, client, emails, capture):
    settings.MAILERS = nowhere()
    with capture(execute=True):
        response = client.post(PENDING, {"action": "send", "emails": [e.pk for e in emails]})
    assert response.status_code == 302 and "/clients/invitations/" in response.url
    return response.url


def test_with_the_server_down_the_progress_page_and_the_pending_tab_say_so(
    settings,
    client_for,
    personas,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    first, _ = contact_on(personas.firm, personas.account, address="rocio@example.es")
    second, _ = contact_on(personas.firm, personas.other_account, address="luc@example.fr")
    client = client_for(personas.owner, "es")
    batch_url = send_with_the_server_down(
        settings, client, [first, second], django_capture_on_commit_callbacks
    )
    logs = EmailLog.objects.filter(template="portal_invitation")
    assert sorted(logs.values_list("status", flat=True)) == ["failed", "failed"]

    with django_assert_max_num_queries(10):
        html = client.get(batch_url).content.decode()
    assert "0 de 2 invitaciones enviadas." in html
    failure = html[html.index('data-testid="batch-failure"') :]
    assert "2 invitaciones aún no se han enviado." in failure
    assert "No se pudo contactar con el servidor de correo." in failure
    assert re.search(r"Próximo intento hacia las \d?\d:\d\d\.", failure)

    with django_assert_max_num_queries(10):
        html = client.get(LIST, {"tab": "pending"}).content.decode()
    assert html.count('data-testid="delivery-reason"') == 2
    assert "No se pudo contactar con el servidor de correo." in html
    assert re.search(r"Próximo intento hacia las \d?\d:\d\d\.", html)
    assert 'data-testid="invalid-mark"' not in html
    assert "no es válida" not in html


def test_the_next_try_is_the_retry_jobs_next_run_once_the_email_is_old_enough(settings):
    from portico.core.registry import registry
    from portico.core.schedule import Job
    from portico.messaging.tasks import RETRY_EVERY

    assert Every(minutes=5) == RETRY_EVERY
    assert registry.get(Job, "retry-unsent-emails").cadence is RETRY_EVERY
    created = datetime(2026, 11, 29, 14, 1, 10, tzinfo=UTC)
    now = created + timedelta(seconds=5)
    # old enough for the job at 14:03:10; its next run after that starts at 14:05
    assert delivery.next_retry(created_at=created, attempts=1, now=now) == datetime(
        2026, 11, 29, 14, 5, tzinfo=UTC
    )
    later = datetime(2026, 11, 29, 14, 7, 30, tzinfo=UTC)
    assert delivery.next_retry(created_at=created, attempts=2, now=later) == datetime(
        2026, 11, 29, 14, 10, tzinfo=UTC
    )
    settings.EMAIL_MAX_ATTEMPTS = 3
    assert delivery.next_retry(created_at=created, attempts=3, now=later) is None


@pytest.mark.parametrize(
    ("status", "error", "reason"),
    [
        ("failed", "ConnectionRefusedError: [Errno 111] Connection refused", "unreachable"),
        ("failed", "TimeoutError: timed out", "unreachable"),
        ("failed", "SMTPServerDisconnected: Connection unexpectedly closed", "unreachable"),
        ("failed", "gaierror: [Errno -2] Name or service not known", "unreachable"),
        ("failed", "SMTPSenderRefused: (550, b'no relay')", "server_refused"),
        ("failed", "SMTPAuthenticationError: (535, b'bad')", "server_refused"),
        ("failed", "SMTPRecipientsRefused: {'x@y': (550, b'no such user')}", "address_refused"),
        ("withheld", "deactivated", "withheld"),
    ],
)
def test_a_failure_is_told_by_what_failed(status, error, reason):
    assert delivery.reason_of(status, error) == reason


def test_only_an_address_the_server_refused_gets_the_red_mark(client_for, personas):
    refused, _ = contact_on(personas.firm, personas.account, address="nadie@example.es")
    down, _ = contact_on(personas.firm, personas.account, address="alguien@example.es")
    errors = {
        refused: "SMTPRecipientsRefused: {'nadie@example.es': (550, b'no such user')}",
        down: "ConnectionRefusedError: [Errno 111] Connection refused",
    }
    for email, error in errors.items():
        log = EmailLog.objects.create(
            to=email.email,
            template="portal_invitation",
            language="es",
            subject="s",
            body_text="t",
            status="failed",
            last_error=error,
            attempts=1,
        )
        Invitation.objects.create(
            firm=personas.firm,
            account=personas.account,
            email=email,
            status="sent",
            sent_at=timezone.now(),
            expires_at=timezone.now() + timedelta(days=7),
            email_log=log,
        )
    response = client_for(personas.owner, "es").get(LIST, {"tab": "pending"})
    invalid = {row.email: row.invalid for row in response.context["pending_page"]}
    assert invalid == {"nadie@example.es": True, "alguien@example.es": False}
    html = response.content.decode()
    assert html.count('data-testid="invalid-mark"') == 1
    assert "El servidor de correo rechazó esta dirección." in html
    assert "No se pudo contactar con el servidor de correo." in html
    assert InvitationBatch.objects.count() == 0

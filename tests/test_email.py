import pytest
from django.core.management import call_command
from django.db import transaction

from portico.messaging import emails
from portico.messaging.models import EmailLog
from portico.messaging.tasks import deliver_email, retry_unsent_emails
from tests.mail import free_port, text_of

CONTEXT = {
    "protocol": "http",
    "domain": "testserver",
    "uid": "MQ",
    "token": "abc-123",
    "user": None,
}


def nowhere():
    """Mailers pointing at an SMTP server that is not there: nothing listens on the port."""
    options = {"host": "127.0.0.1", "port": free_port(), "timeout": 2}
    return {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    }


def send_reset_email(language="es"):
    with transaction.atomic():
        return emails.send(
            to="jose@example.es", template="password_reset", language=language, context=CONTEXT
        )


@pytest.mark.django_db(transaction=True)
def test_an_email_goes_over_smtp_in_the_recipients_language_and_is_logged(smtp):
    log = send_reset_email("es")
    (message,) = smtp.wait_for(1)
    assert message["Subject"] == "Elige una nueva contraseña de Portico"
    assert "/password/reset/MQ/abc-123/" in text_of(message)
    assert message.get_body(preferencelist=("html",)) is not None
    log.refresh_from_db()
    assert (log.status, log.attempts, log.subject) == (
        EmailLog.Status.SENT,
        1,
        "Elige una nueva contraseña de Portico",
    )


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_when_the_transaction_rolls_back(smtp):
    with pytest.raises(RuntimeError), transaction.atomic():
        emails.send(to="a@example.es", template="password_reset", language="en", context=CONTEXT)
        raise RuntimeError
    assert EmailLog.objects.count() == 0
    assert smtp.messages == []


@pytest.mark.django_db(transaction=True)
def test_smtp_outage_is_logged_then_retried_exactly_once(settings, smtp):
    good = settings.MAILERS
    settings.MAILERS = nowhere()
    log = send_reset_email()
    log.refresh_from_db()
    assert log.status == EmailLog.Status.FAILED
    assert log.last_error
    settings.MAILERS = good
    later = log.created_at + __import__("datetime").timedelta(minutes=5)
    assert retry_unsent_emails(now=later) == 1
    assert retry_unsent_emails(now=later) == 0
    assert len(smtp.wait_for(1)) == 1
    log.refresh_from_db()
    assert (log.status, log.attempts) == (EmailLog.Status.SENT, 2)


@pytest.mark.django_db(transaction=True)
def test_delivering_twice_sends_once(smtp):
    log = send_reset_email()
    deliver_email.call(log.pk)
    assert len(smtp.wait_for(1)) == 1


@pytest.mark.django_db(transaction=True)
def test_delivering_what_was_sent_needs_no_smtp_server(settings, smtp, caplog):
    log = send_reset_email()
    smtp.wait_for(1)
    settings.MAILERS = nowhere()
    assert deliver_email.call(log.pk) == "skipped"
    assert "not sent" not in caplog.text
    log.refresh_from_db()
    assert (log.status, log.attempts) == (EmailLog.Status.SENT, 1)


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_delivers_queued_emails(settings, smtp):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    log = send_reset_email()
    log.refresh_from_db()
    assert log.status == EmailLog.Status.QUEUED
    assert smtp.messages == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
    assert len(smtp.wait_for(1)) == 1
    log.refresh_from_db()
    assert log.status == EmailLog.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_a_batch_is_delivered_over_one_connection_each_email_once(smtp):
    with emails.batched():
        for n in range(5):
            with transaction.atomic():
                emails.send(
                    to=f"cliente{n}@example.es",
                    template="password_reset",
                    language="fr",
                    context=CONTEXT,
                )
    assert len(smtp.wait_for(5)) == 5
    assert len(smtp.connections) == 1
    assert set(EmailLog.objects.values_list("status", "attempts")) == {(EmailLog.Status.SENT, 1)}
    retry_unsent_emails()
    assert len(smtp.messages) == 5


@pytest.mark.django_db(transaction=True)
def test_a_batch_that_cannot_reach_the_server_is_retried_later(settings, smtp):
    good = settings.MAILERS
    settings.MAILERS = nowhere()
    with emails.batched():
        logs = [send_reset_email() for _ in range(3)]
    assert set(EmailLog.objects.values_list("status", "attempts")) == {(EmailLog.Status.FAILED, 1)}
    settings.MAILERS = good
    later = logs[0].created_at + __import__("datetime").timedelta(minutes=5)
    assert retry_unsent_emails(now=later) == 3
    assert len(smtp.wait_for(3)) == 3
    assert set(EmailLog.objects.values_list("status", "attempts")) == {(EmailLog.Status.SENT, 2)}

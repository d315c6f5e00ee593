import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from portico.core.batches import enqueue_in_batches
from portico.messaging.models import EmailLog

logger = logging.getLogger(__name__)
DELIVERY_BATCH = 100  # emails per delivery task, over one SMTP connection
SENT = EmailLog.Status.SENT


@task
def deliver_email(log_id: int) -> str:
    """Hand one logged email to the SMTP server. Safe to run twice: a sent email is not resent."""
    return deliver_emails.call([log_id])[0]


@task
def deliver_emails(log_ids: list[int]) -> list[str]:
    """Hand these logged emails to the SMTP server over one connection (a bulk invitation's
    thousands of emails would otherwise each open their own). One query reads and counts the
    attempt of the whole batch; each email is marked sent as soon as the server took it, so a
    run cut short, or run twice, never sends an email again."""
    logs = {log.pk: log for log in EmailLog.objects.filter(pk__in=log_ids).exclude(status=SENT)}
    if not logs:  # all sent already: no connection to open
        return ["skipped"] * len(log_ids)
    EmailLog.objects.filter(pk__in=logs).update(attempts=F("attempts") + 1)
    try:
        with mailers["default"] as connection:
            return [_deliver(logs[pk], connection) if pk in logs else "skipped" for pk in log_ids]
    except OSError as error:  # connecting (or quitting) failed: the retry job tries the unsent
        _failed(list(logs), error)
        return ["failed"] * len(log_ids)


def _deliver(log, connection) -> str:
    message = EmailMultiAlternatives(
        subject=log.subject, body=log.body_text, to=[log.to], from_email=settings.DEFAULT_FROM_EMAIL
    )
    if log.body_html:
        message.attach_alternative(log.body_html, "text/html")
    try:
        connection.send_messages([message])
    except Exception as error:  # any SMTP or network failure: keep it for a later retry
        _failed([log.pk], error)
        return "failed"
    EmailLog.objects.filter(pk=log.pk).update(status=SENT, sent_at=timezone.now(), last_error="")
    return "sent"


def _failed(log_ids, error):
    """Leave these emails, but those the server already took, for the retry job."""
    EmailLog.objects.filter(pk__in=log_ids).exclude(status=SENT).update(
        status=EmailLog.Status.FAILED, last_error=f"{type(error).__name__}: {error}"[:2000]
    )
    logger.warning("emails=%s not sent, will retry: %s", log_ids, error)


def retry_unsent_emails(now=None) -> int:
    """Enqueue again every email the SMTP server has not taken yet (scheduled job)."""
    now = now or timezone.now()
    stale = now - timedelta(minutes=2)
    ids = list(
        EmailLog.objects.filter(
            status__in=[EmailLog.Status.QUEUED, EmailLog.Status.FAILED],
            attempts__lt=settings.EMAIL_MAX_ATTEMPTS,
            created_at__lt=stale,
        ).values_list("pk", flat=True)[:1000]
    )
    enqueue_in_batches(deliver_emails, ids, DELIVERY_BATCH)
    return len(ids)

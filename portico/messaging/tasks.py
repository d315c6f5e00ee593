import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from portico.messaging.models import EmailLog

logger = logging.getLogger(__name__)


@task
def deliver_email(log_id: int) -> str:
    """Hand one logged email to the SMTP server. Safe to run twice: a sent email is not resent."""
    with transaction.atomic():
        log = EmailLog.objects.select_for_update().filter(pk=log_id).first()
        if log is None or log.status == EmailLog.Status.SENT:
            return "skipped"
        EmailLog.objects.filter(pk=log_id).update(attempts=F("attempts") + 1)
    message = EmailMultiAlternatives(
        subject=log.subject, body=log.body_text, to=[log.to], from_email=settings.DEFAULT_FROM_EMAIL
    )
    if log.body_html:
        message.attach_alternative(log.body_html, "text/html")
    try:
        message.send(using="default")
    except Exception as error:  # any SMTP or network failure: keep it for a later retry
        EmailLog.objects.filter(pk=log_id).update(
            status=EmailLog.Status.FAILED, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        logger.warning("email=%s to=%s not sent, will retry: %s", log_id, log.to, error)
        return "failed"
    EmailLog.objects.filter(pk=log_id).update(
        status=EmailLog.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


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
    for pk in ids:
        deliver_email.enqueue(pk)
    return len(ids)

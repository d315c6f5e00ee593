"""Writes of the email log (W-6): "retry now" for an email that failed."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portico.core.locking import AlreadyDone, lock
from portico.messaging.models import EmailLog

NOT_FAILED = _("This email is no longer failed: it was sent, or is being retried already.")


@transaction.atomic
def retry_now(*, log: EmailLog) -> None:
    """Queue a failed email again and hand it to the worker once committed (the caller has
    checked who may). AlreadyDone when it is no longer failed (sent or retried meanwhile)."""
    from portico.messaging.tasks import deliver_email

    log = lock(log)
    if log.status != EmailLog.Status.FAILED:
        raise AlreadyDone(NOT_FAILED)
    log.status = EmailLog.Status.QUEUED
    log.save(update_fields=["status"])
    transaction.on_commit(lambda: deliver_email.enqueue(log.pk))

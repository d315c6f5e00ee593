"""Delivery of logged emails to the SMTP server, at least once each (docs/ARCHITECTURE.md,
Email): a worker claims an email (status sending, `claimed_at`) before it sends it and marks it
sent as soon as the server took it; the retry job hands back to the worker what failed, what
nobody claimed, and what a dead worker's claim left behind once that claim is stale."""

import functools
import io
import logging
import time
from datetime import timedelta
from email.message import MIMEPart

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.utils import timezone
from PIL import Image

from portico.core import recipients
from portico.core.batches import enqueue_in_batches
from portico.core.retry import retry_locked
from portico.core.schedule import Every
from portico.messaging.models import EmailLog

logger = logging.getLogger(__name__)
DELIVERY_BATCH = 100  # emails per delivery task, over one SMTP connection
Status = EmailLog.Status
# A claim older than this belongs to a worker that died: its email may be sent again. A batch
# stops sending after a third of it and gives back the rest, so a live claim never looks stale.
CLAIM_STALE = timedelta(minutes=15)
BATCH_SECONDS = CLAIM_STALE.total_seconds() / 3
UNCLAIMED_AFTER = timedelta(minutes=2)  # queued or failed this long: the retry job's turn
# How often the scheduler runs retry_unsent_emails (messaging/apps.py registers it with this).
RETRY_EVERY = Every(minutes=5)


@task
def deliver_email(log_id: int) -> str:
    """Hand one logged email to the SMTP server (see deliver_emails)."""
    return deliver_emails.call([log_id])[0]


@task
def deliver_emails(log_ids: list[int]) -> list[str]:
    """Hand these logged emails to the SMTP server over one connection (a bulk invitation's
    thousands of emails would otherwise each open their own). Returns, per id, "sent",
    "failed", "withheld" or "skipped" (sent already, or claimed by a live worker).

    Claim, then send: one transaction claims the batch's sendable rows, so a second run, the
    retry job, or another worker skips them; each email is marked sent as soon as the server
    took it. Only a process that dies between the server's "250 OK" and that mark leaves an
    email that will go out twice, with the same Message-ID (EmailLog.message_id)."""
    outcome = dict.fromkeys(log_ids, "skipped")
    claimed, withheld = _claim(log_ids, timezone.now())
    outcome.update(dict.fromkeys(withheld, "withheld"))
    if not claimed:  # nothing to send: no connection to open
        return [outcome[pk] for pk in log_ids]
    deadline = time.monotonic() + BATCH_SECONDS
    try:
        with mailers["default"] as connection:
            for n, log in enumerate(claimed):
                if time.monotonic() > deadline:
                    _release(claimed[n:])
                    break
                outcome[log.pk] = _deliver(log, connection)
    except OSError as error:  # connecting (or quitting) failed: the retry job tries the unsent
        _failed([log.pk for log in claimed], error)
        outcome.update({log.pk: "failed" for log in claimed if outcome[log.pk] == "skipped"})
    return [outcome[pk] for pk in log_ids]


def sendable(now) -> Q:
    """Emails a worker may claim: never claimed, failed, or claimed by a worker that died."""
    stale = Q(status=Status.SENDING, claimed_at__lt=now - CLAIM_STALE)
    return Q(status__in=[Status.QUEUED, Status.FAILED]) | stale


@retry_locked
@transaction.atomic
def _claim(log_ids, now) -> tuple[list[EmailLog], list[int]]:
    """Claim the sendable emails among `log_ids` (locked rows are another worker's: skipped);
    those whose recipient was deactivated since they were logged are withheld instead.
    Returns the claimed rows, in the order given, and the withheld ids."""
    rows = EmailLog.objects.select_for_update(skip_locked=True).filter(sendable(now))
    logs = {log.pk: log for log in rows.filter(pk__in=log_ids)}
    inactive = recipients.inactive_addresses(log.to for log in logs.values())
    withheld = {pk: inactive.get(log.to.lower()) for pk, log in logs.items()}
    withheld = {pk: reason for pk, reason in withheld.items() if reason}
    for pk, reason in withheld.items():
        EmailLog.objects.filter(pk=pk).update(status=Status.WITHHELD, last_error=reason)
    claimed = [logs[pk] for pk in dict.fromkeys(log_ids) if pk in logs and pk not in withheld]
    EmailLog.objects.filter(pk__in=[log.pk for log in claimed]).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    return claimed, list(withheld)


def _deliver(log, connection) -> str:
    message = EmailMultiAlternatives(
        subject=log.subject,
        body=log.body_text,
        to=[log.to],
        from_email=settings.DEFAULT_FROM_EMAIL,
        headers={"Message-ID": log.message_id},
    )
    if log.body_html:
        message.attach_alternative(log.body_html, "text/html")
    try:
        for attachment in log.attachments:
            if "cid" in attachment:
                image = inline_image(attachment["name"], attachment["cid"])
                if image is not None:  # a logo removed since: the email goes without it
                    message.attach(image)
                continue
            with default_storage.open(attachment["name"], "rb") as file:
                message.attach(attachment["filename"], file.read(), attachment["type"])
        connection.send_messages([message])
    except Exception as error:  # any SMTP or network failure: keep it for a later retry
        _failed([log.pk], error)
        return "failed"
    _sent(log.pk)
    return "sent"


def inline_image(name: str, cid: str) -> MIMEPart | None:
    """The stored image `name` (a firm's WebP logo) as an inline PNG part with Content-ID
    `cid`, which the HTML part shows as <img src="cid:…">: PNG, since Outlook shows no WebP.
    None when the file is gone (the firm removed its logo after the email was written)."""
    try:
        png = _png(name)
    except FileNotFoundError:
        return None
    part = MIMEPart()
    part.set_content(png, maintype="image", subtype="png", disposition="inline", cid=f"<{cid}>")
    return part


@functools.lru_cache(maxsize=16)
def _png(name: str) -> bytes:
    # A logo's storage name changes with its content (core/images.py), so a name read once
    # stays right: a bulk send converts it once per worker, not once per email.
    with default_storage.open(name, "rb") as file, Image.open(file) as image:
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


@retry_locked
def _sent(log_id):
    EmailLog.objects.filter(pk=log_id).update(
        status=Status.SENT, sent_at=timezone.now(), last_error=""
    )


@retry_locked
def _failed(log_ids, error):
    """Leave these emails, but those the server already took, for the retry job."""
    EmailLog.objects.filter(pk__in=log_ids, status=Status.SENDING).update(
        status=Status.FAILED, last_error=f"{type(error).__name__}: {error}"[:2000]
    )
    logger.warning("emails=%s not sent, will retry: %s", log_ids, error)


@retry_locked
def _release(logs):
    """Give back claimed emails this run did not get to: the retry job sends them later."""
    EmailLog.objects.filter(pk__in=[log.pk for log in logs], status=Status.SENDING).update(
        status=Status.QUEUED, claimed_at=None
    )
    logger.warning("emails=%d left for the retry job: the batch ran too long", len(logs))


def retry_unsent_emails(now=None) -> int:
    """Scheduled: enqueue again every email the SMTP server has not taken yet: failed or never
    claimed for a while, or claimed by a worker that died (stale). Those out of attempts stay
    failed. Returns how many it enqueued."""
    now = now or timezone.now()
    pending = Q(status__in=[Status.QUEUED, Status.FAILED], created_at__lt=now - UNCLAIMED_AFTER)
    stale = Q(status=Status.SENDING, claimed_at__lt=now - CLAIM_STALE)
    unsent = EmailLog.objects.filter(pending | stale)
    unsent.filter(stale, attempts__gte=settings.EMAIL_MAX_ATTEMPTS).update(
        status=Status.FAILED, last_error="the worker stopped while sending it"
    )
    ids = list(
        unsent.filter(attempts__lt=settings.EMAIL_MAX_ATTEMPTS).values_list("pk", flat=True)[:1000]
    )
    enqueue_in_batches(deliver_emails, ids, DELIVERY_BATCH)
    return len(ids)

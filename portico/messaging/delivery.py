"""What the firm is told about an email that has not gone out yet: why (from `EmailLog`'s
`last_error`, which names the exception the SMTP exchange raised) and when the retry job will
try it again (its cadence registered in messaging/apps.py). Read by the Pending activation tab
and the invitations' progress page, so that a mail server that is down is never told as a bad
address.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portico.messaging.tasks import RETRY_EVERY, UNCLAIMED_AFTER

# The exception names smtplib and the socket layer raise, by what they mean for the firm.
# Anything else that failed is counted as the server being unreachable: a connection that
# broke, timed out or was refused (ConnectionRefusedError, TimeoutError, SMTPServerDisconnected,
# gaierror …) all mean "try again later", never "this address is wrong".
ADDRESS_REFUSED = {"SMTPRecipientsRefused"}
SERVER_REFUSED = {
    "SMTPSenderRefused",
    "SMTPDataError",
    "SMTPAuthenticationError",
    "SMTPHeloError",
    "SMTPNotSupportedError",
    "SMTPResponseException",
    "SMTPConnectError",
}

REASONS = {
    "unreachable": _("The mail server could not be reached."),
    "server_refused": _("The mail server refused the email."),
    "address_refused": _("The mail server refused this address."),
    "withheld": _("Not sent: the recipient's access is deactivated."),
}


@dataclass(frozen=True)
class Failure:
    """Why an email is not sent (a key of REASONS) and when it will be tried again: a UTC
    datetime, or None when it will not be (out of attempts, withheld)."""

    reason: str
    retry_at: datetime | None

    @property
    def message(self):
        return REASONS[self.reason]

    @property
    def bad_address(self) -> bool:
        return self.reason == "address_refused"


def reason_of(status: str, last_error: str) -> str:
    """The REASONS key for a failed or withheld email, from the exception `last_error` names
    (tasks._failed writes it as "ExceptionName: text")."""
    if status == "withheld":
        return "withheld"
    name = (last_error or "").split(":", 1)[0].strip()
    if name in ADDRESS_REFUSED:
        return "address_refused"
    if name in SERVER_REFUSED:
        return "server_refused"
    return "unreachable"


def next_retry(*, created_at: datetime, attempts: int, now: datetime) -> datetime | None:
    """When the retry job will next hand this failed email to the worker: its first run at or
    after the moment the email is old enough for it (UNCLAIMED_AFTER after it was logged), or
    None once the email is out of attempts (EMAIL_MAX_ATTEMPTS)."""
    if attempts >= settings.EMAIL_MAX_ATTEMPTS:
        return None
    return RETRY_EVERY.next_run(max(now, created_at + UNCLAIMED_AFTER))


def failure(*, status: str, last_error: str, created_at, attempts: int, now) -> Failure | None:
    """The Failure of an email in this state, or None when it is not failed nor withheld."""
    if status not in ("failed", "withheld"):
        return None
    reason = reason_of(status, last_error)
    retry_at = None
    if reason != "withheld":
        retry_at = next_retry(created_at=created_at, attempts=attempts or 0, now=now)
    return Failure(reason, retry_at)

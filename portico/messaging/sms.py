"""Text messages through a pluggable backend chosen by the `SMS_URL` setting's scheme.

Every message is written to the message log (`SmsLog`) with the backend that took it. The
backend that ships, "log://", does nothing more: a firm without an SMS provider still sees what
would have gone out. A provider is added by registering a backend for its scheme:

    sms.BACKENDS["acme"] = AcmeBackend   # SMS_URL=acme://key@api.acme.example

A backend is a class built with the parsed URL, whose `send(to, body)` delivers one message
or raises (the message stays in the log, marked with the error)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from portico.messaging.models import SmsLog


class LogBackend:
    """Only records messages (the default)."""

    name = "log"

    def __init__(self, url):
        self.url = url

    def send(self, to: str, body: str) -> None:
        return None


BACKENDS = {"log": LogBackend}


def backend():
    """The backend `SMS_URL` names."""
    url = urlsplit(settings.SMS_URL)
    try:
        return BACKENDS[url.scheme](url)
    except KeyError:
        raise ImproperlyConfigured(f"SMS_URL: no SMS backend for {url.scheme!r}") from None


def send(*, to: str, body: str, firm=None, account=None) -> SmsLog:
    """Send `body` to the phone number `to` and record it in the message log."""
    chosen = backend()
    chosen.send(to, body)
    return SmsLog.objects.create(
        firm=firm, account=account, to=to, body=body, backend=getattr(chosen, "name", "")
    )

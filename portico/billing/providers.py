"""Paying an invoice from the portal (A-7): a pluggable payment provider interface.

A provider is a class with a `key`, a `label`, a `template` that renders how to pay (context:
`invoice`, `provider`, `instructions`), `claims` (whether the page offers "I've paid"), and
two hooks:

- `instructions(invoice)`: what the page shows (a dict for the template);
- `verified_payment(request)`: for providers that call back (a card processor's webhook), the
  Callback a *verified* request reports, else Refused (400) or Unknown (404). Only such a
  callback records a Payment by itself (webhooks.py); anything a browser says is a claim
  staff confirm.

Two ship. BankTransfer: the firm's IBAN and the invoice number as the reference, and "I've
paid", which records a PaymentClaim that staff confirm. Webhook: a checkout link to the
processor at PORTICO_PAYMENT_CHECKOUT_URL and a callback signed with
PORTICO_PAYMENT_WEBHOOK_SECRET, offered when both are set. The installation's list is the
BILLING_PAYMENT_PROVIDERS setting (dotted paths)."""

import hashlib
import hmac
import json
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from portico.billing import queries
from portico.billing.models import Invoice, Kind


class Refused(Exception):
    """A callback that is not signed, not signed by the provider, stale or malformed (400)."""


class Unknown(Exception):
    """A verified callback about an invoice that does not exist (404)."""


@dataclass(frozen=True)
class Callback:
    """What a verified callback reports: `external_id` is the provider's payment id."""

    invoice: Invoice
    amount: Decimal
    day: date
    external_id: str


class PaymentProvider(ABC):
    """How a client pays an invoice (A-7): `instructions` give what `template` shows on the Pay
    page; `claims` says whether the client may say "I've paid" for staff to confirm; a provider
    with a verified callback overrides `verified_payment`."""

    key = ""
    label = ""
    template = ""
    claims = True

    @abstractmethod
    def instructions(self, invoice) -> dict:
        """The context `template` renders for `invoice` (bank details, a checkout link…)."""

    def verified_payment(self, request) -> Callback:
        """The payment a verified callback reports; Refused for a provider without one."""
        raise Refused("this provider takes no callbacks")


class BankTransfer(PaymentProvider):
    key = "bank_transfer"
    label = _("Bank transfer")
    template = "billing/portal/_bank_transfer.html"

    def instructions(self, invoice) -> dict:
        firm_settings = queries.settings_of(invoice.firm)
        return {
            "beneficiary": invoice.firm_name or invoice.firm.name,
            "iban": firm_settings.iban,
            "bic": firm_settings.bic,
            "reference": invoice.number,
            "amount": invoice.due,
        }


class Webhook(PaymentProvider):
    """A payment processor's hosted checkout: the page links to PAYMENT_CHECKOUT_URL with the
    invoice's reference, amount, currency and where to call back; the processor then POSTs a
    JSON body {"id", "reference", "amount", "currency", "date"} to that callback with the
    headers X-Portico-Timestamp (Unix seconds) and X-Portico-Signature ("sha256=" + the hex
    HMAC-SHA256 of "<timestamp>.<body>" with PAYMENT_WEBHOOK_SECRET). Signing the timestamp
    with the body means a captured callback cannot be replayed later under a new one; within
    TOLERANCE seconds the provider's payment id makes a repeat record nothing."""

    key = "webhook"
    label = _("Pay online")
    template = "billing/portal/_webhook.html"
    claims = False
    TOLERANCE = 300

    @staticmethod
    def configured() -> bool:
        return bool(settings.PAYMENT_WEBHOOK_SECRET and settings.PAYMENT_CHECKOUT_URL)

    def instructions(self, invoice) -> dict:
        query = {
            "reference": reference(invoice),
            "amount": f"{invoice.due:.2f}",
            "currency": invoice.currency,
            "description": invoice.number,
            "callback": settings.SITE_URL + reverse("billing_portal:callback", args=[self.key]),
        }
        return {"checkout_url": f"{settings.PAYMENT_CHECKOUT_URL}?{urlencode(query)}"}

    def verified_payment(self, request) -> Callback:
        body = request.body
        check_signature(
            body,
            request.headers.get("X-Portico-Timestamp", ""),
            request.headers.get("X-Portico-Signature", ""),
            self.TOLERANCE,
        )
        try:
            data = json.loads(body)
            external_id = str(data["id"]).strip()[:100]
            amount = Decimal(str(data["amount"]))
            day = date.fromisoformat(str(data.get("date") or date.today().isoformat()))
            pk = int(str(data["reference"]).removeprefix("INV-"))
            currency = str(data["currency"])
        except (ValueError, KeyError, TypeError, InvalidOperation):
            raise Refused("malformed body") from None
        if not external_id or not amount.is_finite() or amount <= 0:
            raise Refused("no payment id or amount")
        invoice = Invoice.objects.select_related("firm", "account").filter(pk=pk).first()
        if invoice is None or invoice.kind != Kind.INVOICE or not invoice.number:
            raise Unknown(pk)
        if currency != invoice.currency:
            raise Refused("currency")
        return Callback(invoice, amount.quantize(Decimal("0.01")), day, external_id)


def reference(invoice) -> str:
    """What the checkout link names the invoice by, and the callback gives back."""
    return f"INV-{invoice.pk}"


def sign(body: bytes, timestamp: str) -> str:
    """The X-Portico-Signature of `body` sent at `timestamp` (what the processor computes)."""
    secret = settings.PAYMENT_WEBHOOK_SECRET.encode()
    digest = hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def check_signature(body: bytes, timestamp: str, signature: str, tolerance: int, now=None):
    """Refused unless `signature` is sign(body, timestamp) and `timestamp` is within
    `tolerance` seconds of `now` (compared in constant time)."""
    if not settings.PAYMENT_WEBHOOK_SECRET or not timestamp or not signature:
        raise Refused("unsigned")
    if not hmac.compare_digest(sign(body, timestamp), signature):
        raise Refused("bad signature")
    try:
        age = abs((now or time.time()) - int(timestamp))
    except ValueError:
        raise Refused("bad timestamp") from None
    if age > tolerance:
        raise Refused("stale")


DEFAULT = ["portico.billing.providers.BankTransfer", "portico.billing.providers.Webhook"]


def providers() -> list[PaymentProvider]:
    """The providers the installation offers, in the setting's order (Webhook only when
    configured)."""
    paths = getattr(settings, "BILLING_PAYMENT_PROVIDERS", DEFAULT)
    found = [import_string(path)() for path in paths]
    return [p for p in found if not isinstance(p, Webhook) or p.configured()]


def provider(key: str) -> PaymentProvider | None:
    return next((p for p in providers() if p.key == key), None)

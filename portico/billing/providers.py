"""Paying an invoice from the portal (A-7): a pluggable payment provider interface.

A provider is a class with a `key`, a `label`, a `template` that renders how to pay (context:
`invoice`, `provider`, `instructions`, `pay_url`), and two hooks:

- `instructions(invoice)`: what the page shows (a dict for the template);
- `verified_payment(request)`: for providers that call back (a card processor's webhook), the
  (invoice, amount, reference) a *verified* callback reports, else None. Only such a callback
  records a Payment by itself; anything a browser says is a claim staff confirm.

The provider that ships is BankTransfer: the firm's IBAN and the invoice number as the
reference, and "I've paid", which records a PaymentClaim that staff confirm. Others are listed
in the BILLING_PAYMENT_PROVIDERS setting (dotted paths)."""

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from portico.billing import queries


class PaymentProvider:
    key = ""
    label = ""
    template = ""

    def instructions(self, invoice) -> dict:
        raise NotImplementedError

    def verified_payment(self, request):
        """(invoice, amount, reference) from a verified callback, or None."""
        return None


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


DEFAULT = ["portico.billing.providers.BankTransfer"]


def providers() -> list[PaymentProvider]:
    """The providers the installation offers, in the setting's order."""
    paths = getattr(settings, "BILLING_PAYMENT_PROVIDERS", DEFAULT)
    return [import_string(path)() for path in paths]


def provider(key: str) -> PaymentProvider | None:
    return next((p for p in providers() if p.key == key), None)

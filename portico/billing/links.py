"""Links that let a client see and pay one invoice without signing in (A-8), when the firm
allows it (BillingSettings.pay_links). The link is signed, names the invoice and the contact
email it was sent to, and lasts as long as the firm's portal links without sign-in
(PortalSettings.magic_link_days). Like every such link (docs/ARCHITECTURE.md), it works only
while that email has access to the invoice's account — portal.queries.has_access, checked when
the link is made and every time it is used."""

from django.conf import settings as django_settings
from django.core import signing
from django.urls import reverse

from portico.billing import queries
from portico.billing.models import Invoice
from portico.clients.models import ContactEmail
from portico.portal import queries as portal_queries

SALT = "portico.billing.pay-link"


class Refused(Exception):
    """The link cannot be used: `reason` is "invalid", "expired", "off" or "access"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _days(firm) -> int:
    return portal_queries.settings_for(firm).magic_link_days


def make(invoice, email) -> str | None:
    """The full URL of `invoice`'s pay link for `email`, or None when the firm does not allow
    such links or the email has no access to the account."""
    if not queries.settings_of(invoice.firm).pay_links:
        return None
    if not portal_queries.has_access(email, invoice.account):
        return None
    token = signing.dumps({"i": invoice.pk, "e": email.pk}, salt=SALT, compress=True)
    return django_settings.SITE_URL + reverse("billing_portal:pay_link", args=[token])


def check(token) -> tuple[Invoice, ContactEmail]:
    """The invoice and email a live link names, or Refused."""
    try:
        unsigned = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise Refused("invalid") from None
    invoice = Invoice.objects.select_related("firm", "account").filter(pk=unsigned.get("i")).first()
    email = ContactEmail.objects.select_related("contact").filter(pk=unsigned.get("e")).first()
    if invoice is None or email is None:
        raise Refused("invalid")
    try:
        signing.loads(token, salt=SALT, max_age=_days(invoice.firm) * 86400)
    except signing.SignatureExpired:
        raise Refused("expired") from None
    if not queries.settings_of(invoice.firm).pay_links:
        raise Refused("off")
    if not portal_queries.has_access(email, invoice.account):
        raise Refused("access")
    return invoice, email

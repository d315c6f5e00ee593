"""Sending an issued invoice or an estimate to the client (B-1, B-5, N-7): by email with its
PDF attached, to the account's contact emails with Notify on, each in its contact's language;
by SMS (a short text) to those contacts' phones through messaging.sms; by post (the stored
PDF is laid out for a window envelope) or only marked as sent. An invoice's PDF is stored
per language (InvoicePdf) the first time it is sent or opened in that language. Each sending
is a Send row with its channel and recipients, written by billing.actions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portico.billing import links, pdf
from portico.billing.models import Channel, Invoice, InvoicePdf, Kind
from portico.clients.models import EmailSwitches
from portico.core import recipients
from portico.core.numbers import format_money
from portico.messaging import emails, sms
from portico.portal.models import NotificationEvent


def notified_emails(account, event=None):
    """The account's contact emails with Notify on, whose user is not deactivated, by email;
    with `event` (a portal NotificationEvent), only those that did not turn it off (N-7)."""
    rows = (
        EmailSwitches.objects.filter(link__account=account, notify=True)
        .filter(recipients.active_contact_emails("email__"))
        .select_related("email__contact", "email__notification_prefs")
        .order_by("email__email")
    )
    seen, found = set(), []
    for row in rows:
        if row.email.pk not in seen and not (event and event in _muted(row.email)):
            seen.add(row.email.pk)
            found.append(row.email)
    return found


def _muted(email) -> list[str]:
    prefs = getattr(email, "notification_prefs", None)  # no row: nothing muted
    return prefs.muted if prefs else []


def event_of(document):
    """The notification event sending `document` is (N-7): invoices and credit notes are
    INVOICE_SENT, which a contact may turn off; estimates wait for an answer, always sent."""
    return NotificationEvent.INVOICE_SENT if isinstance(document, Invoice) else None


def notified_phones(account, event=None):
    """(phone, contact) of the contacts with a Notify-on email (not muting `event`) and a
    phone number."""
    phones = {}
    for email in notified_emails(account, event):
        phone = email.contact.phone.strip()
        if phone and phone not in phones:
            phones[phone] = email.contact
    return list(phones.items())


def check_reachable(document, channel):
    """Refuse ("recipients") an email or SMS sending of `document` nobody would receive."""
    account, event = document.account, event_of(document)
    if channel == Channel.EMAIL and not notified_emails(account, event):
        if notified_emails(account):
            raise ValidationError(
                _("Every contact of this client turned invoice emails off: send it another way."),
                code="recipients",
            )
        raise ValidationError(
            _("No contact email of this client has Notify on: turn it on, or send it another way."),
            code="recipients",
        )
    if channel == Channel.SMS and not notified_phones(account, event):
        raise ValidationError(
            _("No contact of this client with Notify on has a phone number."), code="recipients"
        )


def title_of(document, language) -> str:
    with translation.override(language):
        if isinstance(document, Invoice):
            if document.kind == Kind.CREDIT_NOTE:
                return _("Credit note %(number)s") % {"number": document.number}
            return _("Invoice %(number)s") % {"number": document.number}
        return _("Estimate %(number)s") % {"number": document.pk}


def stored_pdf(invoice, language: str | None = None) -> str:
    """The storage name of the issued invoice's PDF in `language` (default: the language of
    its billing contact, pdf.language_of), rendered and stored the first time it is asked
    for in that language and kept afterwards: the stored file is what was sent (B-5)."""
    language = language or pdf.language_of(invoice.account)
    found = InvoicePdf.objects.filter(invoice=invoice, language=language).first()
    if found:
        return found.file.name
    content = render_pdf(invoice, language)
    stored = InvoicePdf(invoice=invoice, language=language)
    stored.file.save(f"{invoice.number}.pdf", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            stored.save()
    except IntegrityError:  # rendered meanwhile by another request: theirs is kept
        stored.file.delete(save=False)
        return InvoicePdf.objects.get(invoice=invoice, language=language).file.name
    return stored.file.name


def render_pdf(document, language: str | None = None) -> bytes:
    """`document`'s PDF, titled, in `language` (default: its billing contact's)."""
    language = language or pdf.language_of(document.account)
    return pdf.render(document, title=title_of(document, language), language=language)


def estimate_pdf(estimate, language: str | None = None) -> str:
    """Render an estimate's PDF in `language` (default: its billing contact's) and store it
    under estimates/; returns its storage name."""
    from django.core.files.storage import default_storage

    content = render_pdf(estimate, language)
    return default_storage.save(f"estimates/estimate-{estimate.pk}.pdf", ContentFile(content))


def pdfs_for(document, channel) -> dict[str, str]:
    """{language: stored PDF name} of the PDFs a sending of `document` needs: by email one per
    language of the contacts it goes to; by post the one printed (the billing contact's
    language); none for SMS or marked as sent (rendered when first opened). Called before
    the sending's transaction: a render takes a tenth of a second or more, never under a
    lock."""
    if channel == Channel.EMAIL:
        emails = notified_emails(document.account, event_of(document))
        languages = sorted({email.contact.language for email in emails})
    elif channel == Channel.POST:
        languages = [pdf.language_of(document.account)]
    else:
        return {}
    if isinstance(document, Invoice):
        return {language: stored_pdf(document, language) for language in languages}
    return {language: estimate_pdf(document, language) for language in languages}


def deliver(document, channel, pdfs: dict[str, str]) -> str:
    """Deliver `document` through `channel`; returns who it went to (for the Send row). By
    email each contact gets the PDF in their language, from `pdfs` (pdfs_for)."""
    if channel == Channel.EMAIL:
        return ", ".join(
            _email(document, email, pdfs[email.contact.language])
            for email in notified_emails(document.account, event_of(document))
        )
    if channel == Channel.SMS:
        return ", ".join(
            _sms(document, phone, contact)
            for phone, contact in notified_phones(document.account, event_of(document))
        )
    return ""


def _email(document, email, pdf_name):
    language = email.contact.language
    is_invoice = isinstance(document, Invoice)
    number = document.number if is_invoice else str(document.pk)
    emails.send(
        to=email.email,
        template="billing_invoice_sent" if is_invoice else "billing_estimate_sent",
        language=language,
        context={
            "contact": email.contact,
            "document": document,
            "firm": document.firm,
            "title": title_of(document, language),
            "total": format_money(document.total, document.currency, locale=language),
            "portal_link": settings.SITE_URL + reverse("portal:home"),
            "pay_link": links.make(document, email) if is_invoice else None,
        },
        firm=document.firm,
        account=document.account,
        attachments=[(pdf_name, f"{number}.pdf", "application/pdf")],
    )
    return email.email


def _sms(document, phone, contact):
    language = contact.language
    with translation.override(language):
        body = _("%(firm)s: %(title)s, %(total)s. %(link)s") % {
            "firm": document.firm.name,
            "title": title_of(document, language),
            "total": format_money(document.total, document.currency, locale=language),
            "link": settings.SITE_URL + reverse("portal:home"),
        }
    sms.send(to=phone, body=body, firm=document.firm, account=document.account)
    return phone

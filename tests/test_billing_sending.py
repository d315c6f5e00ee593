"""Sending invoices and estimates (B-1, B-5, N-7): the PDF rendered once per language at its
first sending or opening and stored, emailed to the contact emails with Notify on (it reaches
a real SMTP server, and pypdf reads the number, the client's tax id and the total in each
contact's language), a text through the
SMS backend SMS_URL names (the default one records it in the message log), post and marked as
sent; every sending recorded with its channel."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse

from portico.billing import actions, pdf, sending
from portico.billing.models import Channel, Invoice, Send, Status
from portico.messaging import sms
from portico.messaging.models import EmailLog, SmsLog
from tests.billing_setup import (
    billing_media,  # noqa: F401  (autouse)
    draft,
    issued,
    line,
)
from tests.billing_setup import pdf_text as text
from tests.factories import EmailSwitchesFactory
from tests.portal_setup import client_user_on, portal_client


@pytest.fixture
def notified(personas):
    """A Spanish contact of the account with Notify on, a phone, and the client's tax id."""
    switches = EmailSwitchesFactory(
        link__account=personas.account,
        link__contact__language="es",
        link__contact__phone="+34 600 111 222",
        email__email="jose@panaderia.example",
        notify=True,
    )
    actions.set_tax_id(member=personas.owner, account=personas.account, tax_id="B98765432")
    return switches


def test_an_invoice_sent_by_email_reaches_the_server_with_its_pdf(
    personas, notified, smtp, django_capture_on_commit_callbacks
):
    firm = personas.firm
    firm.tax_id, firm.street, firm.postal_code = "B12345678", "Calle Mayor 1", "28013"
    firm.city = "Madrid"
    firm.save()
    invoice = draft(personas.owner, personas.account, line(1, "1020.30"))  # 1,234.56 with 21 %
    assert invoice.total == Decimal("1234.56")
    with django_capture_on_commit_callbacks(execute=True):
        actions.issue_invoice(member=personas.owner, invoice=invoice, channel=Channel.EMAIL)
    (message,) = smtp.wait_for(1)
    assert message["To"] == "jose@panaderia.example"
    assert "2026-0001" in message["Subject"] and "Factura" in message["Subject"]
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "2026-0001.pdf"
    found = text(attachment.get_content())
    assert "2026-0001" in found
    assert "B98765432" in found and "B12345678" in found
    assert "1.234,56 €" in found
    assert "Página 1 / 1" in found
    invoice.refresh_from_db()
    stored = invoice.pdfs.get()
    assert stored.language == "es"
    assert stored.file.read() == attachment.get_content()  # the stored PDF is what was sent
    assert invoice.sent_at is not None
    send = invoice.sends.get()
    assert (send.channel, send.to) == (Channel.EMAIL, "jose@panaderia.example")
    assert EmailLog.objects.get().attachments[0]["name"] == stored.file.name


def stored_text(invoice, language=None):
    return text(default_storage.open(sending.stored_pdf(invoice, language)).read())


def test_contacts_of_two_languages_each_get_the_pdf_in_theirs(
    personas, notified, smtp, django_capture_on_commit_callbacks
):
    EmailSwitchesFactory(
        link__account=personas.account,
        link__contact__language="fr",
        email__email="chloe@boulangerie.example",
        notify=True,
    )
    invoice = draft(personas.owner, personas.account, line(1, "1020.30"))
    with django_capture_on_commit_callbacks(execute=True):
        actions.issue_invoice(member=personas.owner, invoice=invoice, channel=Channel.EMAIL)
    by_address = {message["To"]: message for message in smtp.wait_for(2)}
    french = text(next(by_address["chloe@boulangerie.example"].iter_attachments()).get_content())
    spanish = text(next(by_address["jose@panaderia.example"].iter_attachments()).get_content())
    assert "Facture 2026-0001" in french and "1 234,56 €" in french.replace("\u202f", " ")
    assert "B98765432" in french
    assert "Factura 2026-0001" in spanish and "1.234,56 €" in spanish and "B98765432" in spanish
    assert sorted(invoice.pdfs.values_list("language", flat=True)) == ["es", "fr"]
    actions.send_invoice(member=personas.owner, invoice=invoice, channel=Channel.EMAIL)
    assert invoice.pdfs.count() == 2  # sent again: the stored PDFs, not new renders


def test_a_french_contact_gets_french_money_and_dates(personas, notified):
    contact = notified.link.contact
    contact.language = "fr"
    contact.save()
    invoice = issued(personas.owner, personas.account, line(1, "1020.30"))
    found = stored_text(invoice)
    assert "1 234,56 €" in found.replace("\u202f", " ")
    assert "Facture 2026-0001" in found and "2 novembre 2026" in found


def test_the_pdf_has_the_breakdown_withholding_and_payment_instructions(personas, notified):
    from portico.billing.models import BillingSettings

    BillingSettings.objects.create(
        firm=personas.firm, tax_rates=["21", "10", "4", "0"], iban="ES91 2100 0418 4502 0005 1332"
    )
    invoice = issued(
        personas.owner,
        personas.account,
        line(10, 100),
        line(2, 50, rate="10"),
        withholding="15",
    )
    found = stored_text(invoice)
    for expected in (
        "IVA 21 % (1.000,00 €) 210,00 €",
        "IVA 10 % (100,00 €) 10,00 €",
        "Retención IRPF 15 % -165,00 €",
        "Total 1.155,00 €",
        "ES91 2100 0418 4502 0005 1332",
    ):
        assert expected in found, found


def test_sms_goes_through_the_backend_sms_url_names_and_is_logged(personas, notified):
    invoice = issued(personas.owner, personas.account, line(1, 100), channel=Channel.SMS)
    (message,) = SmsLog.objects.all()
    assert message.to == "+34 600 111 222" and message.backend == "log"
    assert "Factura 2026-0001" in message.body and "121,00\xa0€" in message.body
    assert invoice.sends.get().channel == Channel.SMS


def test_an_unknown_sms_backend_is_a_configuration_error(settings):
    settings.SMS_URL = "carrier-pigeon://coop"
    with pytest.raises(ImproperlyConfigured):
        sms.send(to="+34600000000", body="hola")


def test_an_email_nobody_would_receive_is_refused_before_issuing(personas):
    invoice = draft(personas.owner, personas.account, line(1, 100))
    with pytest.raises(ValidationError) as refused:
        actions.issue_invoice(member=personas.owner, invoice=invoice, channel=Channel.EMAIL)
    assert refused.value.code == "recipients"
    invoice.refresh_from_db()
    assert invoice.status == Status.DRAFT and invoice.number == ""
    assert not Send.objects.exists()


def test_post_and_marked_as_sent_are_recorded_and_sent_again(personas, client_for):
    invoice = issued(personas.owner, personas.account, line(1, 100), channel=Channel.POST)
    actions.send_invoice(member=personas.owner, invoice=invoice, channel=Channel.MARKED)
    assert list(invoice.sends.order_by("pk").values_list("channel", flat=True)) == [
        Channel.POST,
        Channel.MARKED,
    ]
    response = client_for(personas.owner).get(reverse("billing:invoice_pdf", args=[invoice.pk]))
    assert response["Content-Type"] == "application/pdf"
    stored = Invoice.objects.get().pdfs.get()  # printed for the post, in the contact's language
    assert b"".join(response.streaming_content) == stored.file.read()
    assert (
        client_for(personas.accountant)
        .get(reverse("billing:invoice_pdf", args=[invoice.pk]))
        .status_code
        == 404
    )


def test_an_estimate_sent_by_email_carries_its_pdf(
    personas, notified, smtp, django_capture_on_commit_callbacks
):
    estimate = actions.create_estimate(
        member=personas.owner,
        account=personas.account,
        issue_date=date(2026, 11, 2),
        expiry_date=date(2026, 12, 2),
        lines=[line(2, 100)],
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_estimate(member=personas.owner, estimate=estimate, channel=Channel.EMAIL)
    (message,) = smtp.wait_for(1)
    (attachment,) = list(message.iter_attachments())
    found = text(attachment.get_content())
    assert "242,00 €" in found and "Estimación" in found


def test_the_pdf_fetches_nothing_from_the_network():
    with pytest.raises(ValueError):
        pdf.local_only("https://example.com/logo.png")
    with pytest.raises(ValueError):
        pdf.local_only("file:///etc/passwd")


def test_a_contact_who_turned_invoice_emails_off_gets_none(
    personas, notified, smtp, django_capture_on_commit_callbacks
):
    """N-7: Rocío turns "An invoice is sent to me" off in the portal's settings (documents
    stay on); the invoice email goes to José only, and with José's Notify off too, sending
    by email is refused with its reason and nothing is issued."""
    user, email = client_user_on(personas.firm, personas.account)
    client = portal_client(user)
    page = client.get(reverse("portal:settings")).content.decode()
    assert "Se me envía una factura" in page
    url = reverse("portal:notifications", args=[email.pk])
    assert client.post(url, {f"email-{email.pk}-events": ["document_shared"]}).status_code == 302
    invoice = draft(personas.owner, personas.account, line(1, 100))
    with django_capture_on_commit_callbacks(execute=True):
        actions.issue_invoice(member=personas.owner, invoice=invoice, channel=Channel.EMAIL)
    (message,) = smtp.wait_for(1)
    assert message["To"] == "jose@panaderia.example"
    assert invoice.sends.get().to == "jose@panaderia.example"

    notified.notify = False
    notified.save()
    second = draft(personas.owner, personas.account, line(1, 100))
    with pytest.raises(ValidationError) as refused:
        actions.issue_invoice(member=personas.owner, invoice=second, channel=Channel.EMAIL)
    assert refused.value.code == "recipients"
    assert "desactivado los correos de facturas" in refused.value.message
    second.refresh_from_db()
    assert second.status == Status.DRAFT

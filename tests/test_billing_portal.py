"""The client's side of billing (A-7, A-8): invoices with their status, amount due and PDF,
estimates accepted or rejected with a comment, payments; paying through the bank-transfer
provider ("I've paid", which staff confirm) and through a link without sign-in that works only
while the email has access (portal.queries.has_access)."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from portico.billing import actions, claims, links, pdf, providers, sending
from portico.billing.models import (
    BillingSettings,
    Channel,
    ClaimStatus,
    EstimateStatus,
    InvoicePdf,
    PaymentClaim,
    Status,
)
from portico.clients.models import EmailSwitches
from portico.core.locking import AlreadyDone
from portico.core.models import HistoryEvent
from portico.messaging.models import EmailLog
from tests.billing_setup import (
    billing_media,  # noqa: F401  (autouse)
    issued,
    line,
)
from tests.factories import AccountContactFactory, ContactFactory
from tests.portal_setup import client_user_on, portal_client

PAY_LINK = re.compile(r"/pay/([^/\s\"]+)/")


@pytest.fixture
def client_side(personas):
    BillingSettings.objects.create(
        firm=personas.firm,
        tax_rates=["21", "10", "4", "0"],
        iban="ES9121000418450200051332",
        pay_links=True,
    )
    user, email = client_user_on(personas.firm, personas.account)
    invoice = issued(personas.owner, personas.account, line(1, 100))  # 121.00
    estimate = actions.create_estimate(
        member=personas.owner,
        account=personas.account,
        issue_date=date(2026, 11, 2),
        expiry_date=date(2026, 12, 2),
        lines=[line(2, 100)],
    )
    actions.send_estimate(member=personas.owner, estimate=estimate)
    return {"user": user, "email": email, "invoice": invoice, "estimate": estimate}


def test_the_client_sees_invoices_estimates_and_payments(personas, client_side):
    actions.create_invoice(  # a draft is not shown
        member=personas.owner,
        account=personas.account,
        issue_date=date(2026, 11, 3),
        due_date=date(2026, 12, 3),
        lines=[line(1, 999)],
    )
    client = portal_client(client_side["user"])
    response = client.get(reverse("billing_portal:billing", args=[personas.account.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert client_side["invoice"].number in html and "121,00\xa0€" in html
    assert "999" not in html
    assert "Pendiente de aceptación" in html
    pdf = client.get(
        reverse("billing_portal:invoice_pdf", args=[personas.account.pk, client_side["invoice"].pk])
    )
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_other_accounts_and_staff_get_404(personas, client_side, client_for):
    client = portal_client(client_side["user"])
    for pk in (personas.other_account.pk, personas.foreign_account.pk):
        assert client.get(reverse("billing_portal:billing", args=[pk])).status_code == 404
    other = issued(personas.owner, personas.other_account, line(1, 5))
    assert (
        client.get(
            reverse("billing_portal:invoice_pdf", args=[personas.account.pk, other.pk])
        ).status_code
        == 404
    )
    staff = client_for(personas.owner)
    assert (
        staff.get(reverse("billing_portal:billing", args=[personas.account.pk])).status_code == 404
    )


def test_the_client_accepts_an_estimate_with_a_comment_once(personas, client_side):
    client = portal_client(client_side["user"])
    url = reverse("billing_portal:answer", args=[personas.account.pk, client_side["estimate"].pk])
    client.post(url, {"accept": "1", "comment": "Adelante"})
    estimate = client_side["estimate"]
    estimate.refresh_from_db()
    assert estimate.status == EstimateStatus.ACCEPTED and estimate.answer_comment == "Adelante"
    event = HistoryEvent.objects.get(verb="estimate.accepted")
    assert event.actor == client_side["user"]
    again = client.post(url, {"reject": "1"}, follow=True)
    assert "ya tenía respuesta" in again.content.decode()
    estimate.refresh_from_db()
    assert estimate.status == EstimateStatus.ACCEPTED


def test_ive_paid_is_a_claim_staff_confirm_into_a_payment(personas, client_side, client_for):
    client = portal_client(client_side["user"])
    invoice = client_side["invoice"]
    url = reverse("billing_portal:pay", args=[personas.account.pk, invoice.pk])
    page = client.get(url).content.decode()
    assert "ES9121000418450200051332" in page and invoice.number in page
    client.post(url, {"provider": "bank_transfer"})
    claim = PaymentClaim.objects.get()
    assert claim.amount == Decimal("121.00") and claim.status == ClaimStatus.CLAIMED
    invoice.refresh_from_db()
    assert invoice.status == Status.PENDING  # nothing is paid by a claim
    again = client.post(url, {"provider": "bank_transfer"}, follow=True)
    assert PaymentClaim.objects.count() == 1 and "Ya nos indicó" in again.content.decode()
    staff = client_for(personas.owner)
    assert (
        "confirm-claim" in staff.get(reverse("billing:invoice", args=[invoice.pk])).content.decode()
    )
    assert (
        client_for(personas.accountant)
        .post(reverse("billing:claim", args=[claim.pk]), {"confirm": "1"})
        .status_code
        == 404
    )
    staff.post(reverse("billing:claim", args=[claim.pk]), {"confirm": "1"})
    invoice.refresh_from_db()
    claim.refresh_from_db()
    assert invoice.status == Status.PAID and claim.status == ClaimStatus.CONFIRMED
    with pytest.raises(AlreadyDone):
        claims.confirm_claim(member=personas.owner, claim=claim, day=date(2026, 11, 20))


def test_a_provider_that_is_not_offered_is_refused(personas, client_side):
    client = portal_client(client_side["user"])
    invoice = client_side["invoice"]
    url = reverse("billing_portal:pay", args=[personas.account.pk, invoice.pk])
    client.post(url, {"provider": "crypto"})
    assert not PaymentClaim.objects.exists()
    assert [p.key for p in providers.providers()] == ["bank_transfer"]


def test_the_email_carries_a_pay_link_that_works_only_with_access(personas, client_side):
    draft = actions.create_invoice(
        member=personas.owner,
        account=personas.account,
        issue_date=date(2026, 11, 2),
        due_date=date(2026, 12, 2),
        lines=[line(1, 50)],
    )
    actions.issue_invoice(member=personas.owner, invoice=draft, channel=Channel.EMAIL)
    log = EmailLog.objects.get(template="billing_invoice_sent")
    token = PAY_LINK.search(log.body_text).group(1)
    anonymous = type(portal_client(client_side["user"]))()
    page = anonymous.get(reverse("billing_portal:pay_link", args=[token]))
    assert page.status_code == 200 and "60,50" in page.content.decode()
    pdf = anonymous.get(reverse("billing_portal:pay_link_pdf", args=[token]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    anonymous.post(reverse("billing_portal:pay_link", args=[token]), {"provider": "bank_transfer"})
    assert PaymentClaim.objects.get().claimed_email == client_side["email"].email
    EmailSwitches.objects.filter(email=client_side["email"]).update(login=False)
    refused = anonymous.get(reverse("billing_portal:pay_link", args=[token]))
    assert refused.status_code == 403
    assert anonymous.get(reverse("billing_portal:pay_link_pdf", args=[token])).status_code == 404
    assert anonymous.get(reverse("billing_portal:pay_link", args=["forged"])).status_code == 403


def test_no_pay_link_when_the_firm_does_not_allow_it(personas, client_side):
    BillingSettings.objects.filter(firm=personas.firm).update(pay_links=False)
    assert links.make(client_side["invoice"], client_side["email"]) is None


def test_billing_settings_page(personas, client_for):
    client = client_for(personas.owner, "es")
    url = reverse("billing:settings")
    assert "21; 10; 4; 0" in client.get(url).content.decode()
    bad = client.post(url, {"tax_rates": "21; abc", "payment_days": "30"})
    assert bad.status_code == 200 and not BillingSettings.objects.exists()
    client.post(
        url,
        {
            "tax_rates": "21; 10; 5,5; 0",
            "iban": "es91 2100 0418",
            "payment_days": "15",
            "pay_links": "on",
        },
    )
    row = BillingSettings.objects.get()
    assert row.tax_rates == ["21", "10", "5.5", "0"] and row.iban == "ES9121000418"
    assert row.pay_links and row.payment_days == 15
    assert client_for(personas.accountant).get(url).status_code == 404


def test_a_credit_note_is_listed_as_one_not_as_paid(personas, client_side):
    """The portal listed a settled credit note as "Pagado −121,00 €"."""
    draft_note = actions.create_credit_note(
        member=personas.owner, invoice=client_side["invoice"], issue_date=date(2026, 11, 5)
    )
    note = actions.issue_invoice(member=personas.owner, invoice=draft_note, channel="marked")
    client = portal_client(client_side["user"])
    html = client.get(reverse("billing_portal:billing", args=[personas.account.pk])).content
    row = next(
        r for r in html.decode().split('data-testid="portal-invoice"') if note.number in r
    ).split("</tr>")[0]
    assert "Factura rectificativa" in row and "Pagado" not in row


def test_the_pdf_is_in_the_language_the_client_reads_the_portal_in(personas, monkeypatch):
    """A client reading the portal in French gets the invoice's French PDF, rendered and
    stored the first time and served from the store afterwards, though the account's billing
    contact reads Spanish and the invoice went out in Spanish; in Spanish they get the stored
    Spanish one."""
    BillingSettings.objects.create(firm=personas.firm, tax_rates=["21"])
    billing_contact = ContactFactory(firm=personas.firm, language="es")
    AccountContactFactory(account=personas.account, contact=billing_contact, signer_priority=0)
    user, email = client_user_on(personas.firm, personas.account, language="fr")
    assert pdf.language_of(personas.account) == "es"
    invoice = issued(personas.owner, personas.account, line(1, 100))  # 121.00
    spanish = sending.stored_pdf(invoice, "es")  # what an email in Spanish stored
    url = reverse("billing_portal:invoice_pdf", args=[personas.account.pk, invoice.pk])
    client = portal_client(user, language="es")  # the browser's language does not decide

    def opened():
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        return b"".join(response.streaming_content)

    def text(data):
        pages = PdfReader(io.BytesIO(data)).pages
        return "\n".join(page.extract_text() for page in pages).replace("\xa0", " ")

    french = opened()
    assert f"Facture {invoice.number}" in text(french) and "121,00 €" in text(french)
    assert "Factura" not in text(french)
    stored = InvoicePdf.objects.get(invoice=invoice, language="fr")
    assert stored.file.read() == french
    assert set(invoice.pdfs.values_list("language", flat=True)) == {"es", "fr"}

    def no_render(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(pdf, "render", no_render)
    assert opened() == french
    client.post(reverse("portal:language"), {"language": "es"})
    spanish_pdf = opened()
    assert InvoicePdf.objects.get(invoice=invoice, language="es").file.name == spanish
    assert f"Factura {invoice.number}" in text(spanish_pdf)

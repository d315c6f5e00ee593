"""The online payment provider (providers.Webhook, A-7): a checkout link in the portal, and a
payment recorded only from a callback signed with PORTICO_PAYMENT_WEBHOOK_SECRET (HMAC-SHA256
of "<timestamp>.<body>"), fresh, about a real invoice, once per provider payment id. Every
refusal writes nothing. Real HTTP requests through Django's test client."""

import json
import time
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from portico.billing import providers
from portico.billing.models import AccountBilling, Payment, PaymentClaim, Status
from portico.core.models import HistoryEvent
from tests.billing_setup import (
    billing_media,  # noqa: F401  (autouse)
    issued,
    line,
)
from tests.portal_setup import client_user_on, portal_client

SECRET = "whsec-test-1b7c"
URL = "/billing/callback/webhook/"


@pytest.fixture
def webhook(settings):
    settings.PAYMENT_WEBHOOK_SECRET = SECRET
    settings.PAYMENT_CHECKOUT_URL = "https://checkout.example/pay"


@pytest.fixture
def invoice(personas):
    return issued(personas.owner, personas.account, line(1, 100))  # 121.00 due


def body_for(invoice, amount="121.00", payment_id="pay_001", **extra):
    data = {
        "id": payment_id,
        "reference": providers.reference(invoice),
        "amount": amount,
        "currency": "EUR",
        "date": "2026-11-25",
        **extra,
    }
    return json.dumps(data).encode()


def post(client, body, timestamp=None, signature=None, secret=SECRET):
    timestamp = str(int(time.time())) if timestamp is None else timestamp
    if signature is None:
        import hashlib
        import hmac

        mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
        signature = f"sha256={mac.hexdigest()}"
    headers = {"X-Portico-Timestamp": timestamp, "X-Portico-Signature": signature}
    return client.post(URL, body, content_type="application/json", headers=headers)


def nothing_written():
    return not Payment.objects.exists() and not PaymentClaim.objects.exists()


def test_a_signed_callback_records_the_payment_once(client, webhook, invoice):
    assert reverse("billing_portal:callback", args=["webhook"]) == URL
    response = post(client, body_for(invoice, amount="50.00"))
    assert response.status_code == 200 and response.json() == {"recorded": True}
    payment = Payment.objects.get()
    assert (payment.amount, payment.provider, payment.external_id) == (
        Decimal("50.00"),
        "webhook",
        "pay_001",
    )
    assert payment.created_by is None and str(payment.date) == "2026-11-25"
    invoice.refresh_from_db()
    assert invoice.status == Status.PARTIAL and invoice.amount_paid == Decimal("50.00")
    event = HistoryEvent.objects.get(verb="payment.recorded")
    assert event.actor is None and event.after["provider_id"] == "pay_001"

    retried = post(client, body_for(invoice, amount="50.00"))  # the processor retries
    assert retried.status_code == 200 and retried.json() == {"recorded": False}
    assert Payment.objects.count() == 1


def test_more_than_due_is_kept_as_credit(client, webhook, invoice, personas):
    assert post(client, body_for(invoice, amount="150.00")).status_code == 200
    invoice.refresh_from_db()
    assert invoice.status == Status.PAID
    assert AccountBilling.objects.get(account=personas.account).credit == Decimal("29.00")


@pytest.mark.parametrize(
    "case",
    ["unsigned", "forged", "other secret", "body changed", "stale", "future", "bad timestamp"],
)
def test_unsigned_forged_or_replayed_callbacks_answer_400_and_write_nothing(
    client, webhook, invoice, case
):
    body = body_for(invoice)
    now = int(time.time())
    if case == "unsigned":
        response = client.post(URL, body, content_type="application/json")
    elif case == "forged":
        response = post(client, body, signature="sha256=" + "0" * 64)
    elif case == "other secret":
        response = post(client, body, secret="guessed")
    elif case == "body changed":
        import hashlib
        import hmac

        stamp = str(now)
        mac = hmac.new(SECRET.encode(), stamp.encode() + b"." + body, hashlib.sha256)
        response = post(
            client, body_for(invoice, amount="999.00"), stamp, f"sha256={mac.hexdigest()}"
        )
    elif case == "stale":  # a captured callback sent again ten minutes later
        response = post(client, body, timestamp=str(now - 600))
    elif case == "future":
        response = post(client, body, timestamp=str(now + 600))
    else:
        response = post(client, body, timestamp="yesterday")
    assert response.status_code == 400
    assert nothing_written()
    invoice.refresh_from_db()
    assert invoice.status == Status.PENDING


@pytest.mark.parametrize("field", ["amount", "id", "currency", "reference"])
def test_a_malformed_signed_body_answers_400(client, webhook, invoice, field):
    broken = {"amount": "-5", "id": "", "currency": "USD", "reference": "INV-x"}[field]
    response = post(client, body_for(invoice, **{field: broken}))
    assert response.status_code == 400 and nothing_written()
    assert post(client, b"not json").status_code == 400 and nothing_written()


def test_an_unknown_invoice_or_a_provider_not_offered_answers_404(
    client, webhook, invoice, settings
):
    missing = body_for(invoice, reference=f"INV-{invoice.pk + 1000}")
    assert post(client, missing).status_code == 404
    assert post(client, body_for(invoice)).status_code == 200  # the same, well aimed
    Payment.objects.all().delete()
    other = client.post("/billing/callback/bank_transfer/", body_for(invoice), "application/json")
    assert other.status_code == 400  # the bank transfer takes no callbacks
    assert client.post("/billing/callback/paypal/", b"{}", "application/json").status_code == 404
    settings.PAYMENT_WEBHOOK_SECRET = ""  # not configured: not offered
    assert post(client, body_for(invoice, payment_id="pay_2")).status_code == 404
    assert client.get(URL).status_code == 405
    assert nothing_written()


def test_the_portal_shows_the_checkout_link_and_takes_no_claim_for_it(personas, webhook, invoice):
    user, _email = client_user_on(personas.firm, personas.account)
    client = portal_client(user)
    url = reverse("billing_portal:pay", args=[personas.account.pk, invoice.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="checkout"' in page
    href = page.split('data-testid="checkout"')[0].rsplit('href="', 1)[1].split('"')[0]
    query = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
    assert href.startswith("https://checkout.example/pay?")
    assert query["reference"] == [providers.reference(invoice)] and query["amount"] == ["121.00"]
    assert query["callback"][0].endswith(URL)
    client.post(url, {"provider": "webhook"})
    assert nothing_written()  # only the processor's callback pays

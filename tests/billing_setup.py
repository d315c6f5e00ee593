"""Helpers for the billing tests: lines, invoices issued on a given day, payments."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader

from portico.billing import actions
from portico.billing.actions import LineInput


@pytest.fixture(autouse=True)
def billing_media(settings, tmp_path):
    """Stored PDFs go to a folder of the test's own (import this fixture in the module)."""
    settings.MEDIA_ROOT = tmp_path / "media"


def line(quantity, price, rate="21", discount="0", description="Asesoría fiscal", unit="h"):
    return LineInput(
        description=description,
        quantity=Decimal(quantity),
        unit_price=Decimal(price),
        tax_rate=Decimal(rate),
        discount_percent=Decimal(discount),
        unit=unit,
    )


def draft(member, account, *lines, issued=date(2026, 11, 2), due=None, withholding="0"):
    return actions.create_invoice(
        member=member,
        account=account,
        issue_date=issued,
        due_date=due or issued + timedelta(days=30),
        lines=list(lines) or [line(1, 100)],
        withholding_percent=Decimal(withholding),
    )


def issued(member, account, *lines, channel="marked", **kwargs):
    invoice = draft(member, account, *lines, **kwargs)
    return actions.issue_invoice(member=member, invoice=invoice, channel=channel)


def pay(member, account, amount, *invoices, keep_credit=False, day=date(2026, 11, 20)):
    return actions.record_payment(
        member=member,
        account=account,
        amount=Decimal(amount),
        day=day,
        method="transfer",
        reference="TR-1",
        invoices=list(invoices),
        keep_credit=keep_credit,
    )


def pdf_text(data: bytes) -> str:
    """The text of a PDF, its no-break spaces as spaces."""
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")

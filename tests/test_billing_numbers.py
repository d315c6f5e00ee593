"""Invoice numbers are gap-free per series and year (B-6), also when many are issued at the
same moment: each issue takes the next number under the series' row lock."""

from datetime import date

import pytest
from django.db import connections

from portico.billing import actions
from portico.billing.models import Invoice, InvoiceSeries
from tests.billing_setup import (
    billing_media,  # noqa: F401  (autouse)
    draft,
    issued,
    line,
)
from tests.concurrency import postgresql_only, together


def test_numbers_follow_each_other_per_series_and_year(personas):
    owner, account = personas.owner, personas.account
    first = issued(owner, account, line(1, 100))
    second = issued(owner, account, line(1, 100))
    next_year = issued(owner, account, line(1, 100), issued=date(2027, 1, 4))
    note = actions.issue_invoice(
        member=owner,
        invoice=actions.create_credit_note(
            member=owner, invoice=first, issue_date=date(2026, 11, 5)
        ),
    )
    assert [first.number, second.number, next_year.number, note.number] == [
        "2026-0001",
        "2026-0002",
        "2027-0001",
        "R2026-0001",
    ]
    other_firm = issued(personas.foreign_owner, personas.foreign_account, line(1, 100))
    assert other_firm.number == "2026-0001"


def test_a_draft_has_no_number_until_issued(personas):
    invoice = draft(personas.owner, personas.account, line(1, 100))
    assert invoice.number == "" and not InvoiceSeries.objects.exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("n", [2, 6, 10])
def test_issuing_n_invoices_at_once_gives_n_consecutive_numbers(personas, n):
    owner, account = personas.owner, personas.account
    issued(owner, account, line(1, 100))  # the series exists: 2026-0001
    drafts = [draft(owner, account, line(1, 100)) for _ in range(n)]

    def issue(pk):
        def call():
            invoice = Invoice.objects.get(pk=pk)
            return actions.issue_invoice(member=owner, invoice=invoice).number

        return call

    numbers = together(*(issue(d.pk) for d in drafts))
    assert sorted(numbers) == [f"2026-{k:04d}" for k in range(2, n + 2)]
    assert InvoiceSeries.objects.get(code="", year=2026).last == n + 1
    connections.close_all()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_first_invoices_of_a_year_issued_at_once_share_one_series(personas):
    owner, account = personas.owner, personas.account
    drafts = [draft(owner, account, line(1, 100), issued=date(2028, 1, 3)) for _ in range(4)]
    numbers = together(
        *(
            (
                lambda pk=d.pk: (
                    actions.issue_invoice(member=owner, invoice=Invoice.objects.get(pk=pk)).number
                )
            )
            for d in drafts
        )
    )
    assert sorted(numbers) == [f"2028-{k:04d}" for k in range(1, 5)]

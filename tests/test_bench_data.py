"""The benchmark dataset (bench/generate.py), built at size S: what the measured pages need, and
tables left as a database in use has them."""

import pytest
from django.db import connection
from django.db.models import Count

from bench.generate import FIRM_NAME, SIZES, TYPICAL_SEARCH, build, is_built
from portico.billing.models import Estimate, Invoice, InvoiceSeries, Payment
from portico.clients.models import ClientAccount, ConnectionRequest, ContactEmail
from portico.expenses.models import Expense
from portico.firms.models import Member
from portico.work.models import Task

pytestmark = pytest.mark.django_db(transaction=True)  # VACUUM runs outside any transaction

SIZE = SIZES["S"]


def build_quietly():
    build(SIZE, log=lambda line: None)
    return ClientAccount.objects.filter(firm__name=FIRM_NAME)


def test_the_dataset_has_its_size_its_typical_search_and_its_skew():
    accounts = build_quietly()

    assert is_built(SIZE)
    assert accounts.count() == SIZE.accounts
    expenses = Expense.objects.filter(firm__name=FIRM_NAME).count()
    assert expenses == pytest.approx(SIZE.expenses, rel=0.01)
    assert accounts.filter(search_text__contains=TYPICAL_SEARCH).count() == SIZE.accounts // 200
    email = ContactEmail.objects.filter(contact__firm__name=FIRM_NAME).order_by("pk").first()
    assert accounts.filter(search_text__contains=email.email).exists()
    assert accounts.filter(name__regex="[áéíóúñçô]").exists()
    teams = Member.objects.filter(firm__name=FIRM_NAME, role="accountant").annotate(
        n=Count("teammembership")
    )
    sizes = sorted(teams.values_list("n", flat=True))
    assert sizes[-1] > 20 * sizes[0]
    requests = ConnectionRequest.objects.filter(firm__name=FIRM_NAME, status="pending")
    assert requests.count() == 40  # the Invitations tab's
    tasks = Task.objects.filter(firm__name=FIRM_NAME)
    assert tasks.count() == SIZE.tasks
    assert not tasks.exclude(vevent__startswith="BEGIN:VEVENT").exists()
    feed_owner = tasks.filter(assignee__calendar__isnull=False).values("assignee").distinct()
    assert feed_owner.count() == 1


def test_the_dataset_has_invoices_skewed_with_payments_credit_notes_and_estimates():
    build_quietly()
    invoices = Invoice.objects.filter(firm__name=FIRM_NAME)

    assert invoices.filter(kind="invoice").count() == SIZE.invoices
    per_account = sorted(
        invoices.values("account").annotate(n=Count("pk")).values_list("n", flat=True)
    )
    assert per_account[-1] > 100 * per_account[len(per_account) // 2]
    assert set(invoices.values_list("status", flat=True)) == {"draft", "pending", "partial", "paid"}
    notes = invoices.filter(kind="credit_note")
    assert notes.exists() and not notes.filter(corrects=None).exists()
    for series in InvoiceSeries.objects.filter(firm__name=FIRM_NAME):
        assert invoices.filter(series=series).count() == series.last
    paid = invoices.filter(kind="invoice", status__in=("paid", "partial"), credit_notes=None)
    payments = Payment.objects.filter(firm__name=FIRM_NAME)
    assert payments.count() == paid.count()
    assert set(Estimate.objects.filter(firm__name=FIRM_NAME).values_list("status", flat=True)) == {
        "draft",
        "outstanding",
        "accepted",
        "rejected",
    }


def test_on_postgresql_the_accounts_table_is_not_left_mostly_dead_space():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL keeps old row versions; SQLite updates rows in place")
    build_quietly()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_relation_size('clients_clientaccount'),"
            " (SELECT sum(pg_column_size(a.*)) FROM clients_clientaccount a)"
        )
        table_bytes, row_bytes = cursor.fetchone()

    assert table_bytes < 2 * row_bytes

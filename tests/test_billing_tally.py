"""The firm-wide Billing page's blocks, read from billing's tally (billing/tallies.py), equal the
blocks counted over the firm's invoices the slow way (queries.invoice_blocks), whatever wrote the
invoices: the actions (payments, credit, credit notes, reversals, edited drafts), bulk inserts
(bench/billing.py), plain updates and deletes; on the days around midnight in the firm's time
zone, for the current year and all time. The figures the tests compare are sums of the
hand-computed examples of tests/test_billing_actions.py, which also checks the firm's blocks."""

import contextlib
import random
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import RestrictedError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import billing as bench_billing
from portico.billing import actions, dates, queries, tallies
from portico.billing.models import Invoice, InvoiceTally, Period, Status
from portico.clients import actions as client_actions
from portico.core.locking import AlreadyDone
from portico.firms.models import Role
from tests.billing_setup import (
    billing_media,  # noqa: F401  (autouse)
    draft,
    issued,
    line,
    pay,
)
from tests.factories import AccountFactory, FirmFactory, MemberFactory

D = Decimal
# The firm's midnight of 29 November 2026 (Atlantic/Canary: UTC+0 in November), a minute
# either side, and days whose "current year" differs.
MOMENTS = [
    datetime(2026, 11, 28, 23, 59, tzinfo=UTC),
    datetime(2026, 11, 29, 0, 0, 30, tzinfo=UTC),
    datetime(2025, 12, 31, 12, 0, tzinfo=UTC),
    datetime(2027, 1, 1, 12, 0, tzinfo=UTC),
]


def amounts(blocks):
    return {key: (b.count, b.amount) for key, b in blocks.items()}


def assert_tally_is_the_slow_count(firm):
    rows = Invoice.objects.filter(firm=firm)
    for moment in MOMENTS:
        today = dates.today(firm, moment)
        for period in Period:
            slow = queries.invoice_blocks(rows, today, period)
            fast = queries.firm_invoice_blocks(firm, today, period)
            assert amounts(fast) == amounts(slow), (today, period)


def tally_rows(firm):
    return sorted(
        InvoiceTally.objects.filter(firm=firm).values_list(
            "year", "status", "due_date", "invoices", "total_cents", "paid_cents"
        )
    )


@pytest.fixture
def varied(personas):
    """Invoices of two clients over two years, in every state, written by the actions."""
    firm, owner = personas.firm, personas.owner
    firm.time_zone = "Atlantic/Canary"
    firm.save()
    a, b = personas.account, personas.other_account
    issued(owner, a, line(1, 200), issued=date(2026, 10, 29), due=date(2026, 11, 28))
    partly = issued(owner, a, line(3, "99.99"), issued=date(2026, 11, 2), due=date(2026, 11, 28))
    pay(owner, a, "100.01", partly)
    both = [issued(owner, b, line(1, 50, rate="10")), issued(owner, b, line(2, "33.33"))]
    pay(owner, b, "200", *both, keep_credit=True)  # both paid, the rest to b's credit
    credited = issued(owner, b, line(1, 30), due=date(2026, 12, 31))
    actions.apply_credit(member=owner, invoice=credited)
    last_year = issued(owner, a, line(1, 1000), issued=date(2025, 6, 1), due=date(2025, 7, 1))
    reversed_ = pay(owner, a, "400", last_year)
    actions.reverse_payment(member=owner, payment=reversed_)
    pay(owner, a, "250", last_year)
    corrected = issued(owner, a, line(1, 100), due=date(2026, 12, 31))
    note = actions.create_credit_note(
        member=owner, invoice=corrected, issue_date=date(2026, 11, 10)
    )
    actions.issue_invoice(member=owner, invoice=note)
    moved = draft(owner, a, line(1, 100, rate="0"))
    actions.update_invoice(
        member=owner,
        invoice=moved,
        issue_date=date(2025, 12, 30),
        due_date=date(2026, 1, 29),
        lines=[line(2, 75)],
    )
    draft(owner, b, line(1, 10))
    issued(personas.foreign_owner, personas.foreign_account, line(1, 5000))
    return personas


def test_the_tally_equals_the_slow_count_of_a_varied_firm(varied):
    assert_tally_is_the_slow_count(varied.firm)
    blocks = queries.firm_invoice_blocks(varied.firm, date(2026, 11, 29), Period.ALL)
    # by hand: the two due on the 28th (200 × 1.21 = 242; 299.97 + 62.99 tax − 100.01 paid =
    # 262.95) and last year's 1,210 less 250 paid
    assert (blocks["overdue"].count, blocks["overdue"].amount) == (3, D("1464.95"))
    assert blocks["draft"].count == 2 and blocks["draft"].amount == D("193.60")  # 181.50 + 12.10
    before = queries.firm_invoice_blocks(varied.firm, date(2026, 11, 28), Period.ALL)
    assert before["overdue"].count == 1  # the 28th is not past due on the 28th


def test_the_other_firms_invoices_are_not_counted(varied):
    other = queries.firm_invoice_blocks(varied.foreign_account.firm, date(2026, 11, 29), Period.ALL)
    assert other["total"].count == 1 and other["total"].amount == D("6050.00")
    ours = queries.firm_invoice_blocks(varied.firm, date(2026, 11, 29), Period.ALL)
    assert ours["total"].amount < D("5000")


@pytest.fixture
def bulk(db):
    """A firm of four clients with bench/billing.py's invoices (plain bulk inserts)."""

    def build(total, seed):
        firm = FirmFactory(time_zone="Atlantic/Canary")
        MemberFactory(firm=firm, role=Role.OWNER)
        accounts = AccountFactory.create_batch(4, firm=firm)
        bench_billing.build(firm, total, random.Random(seed))
        return firm, accounts

    return build


@pytest.mark.parametrize("seed", [1, 2])
def test_the_tally_counts_bulk_inserts_plain_updates_and_deletes(bulk, seed):
    firm, accounts = bulk(300, seed)
    assert_tally_is_the_slow_count(firm)
    rows = Invoice.objects.filter(firm=firm)
    rows.filter(status=Status.PENDING, pk__in=rows.values("pk")[:20]).update(
        status=Status.PAID, amount_paid=1
    )
    rows.filter(status=Status.DRAFT).update(issue_date=date(2026, 1, 1))
    rows.filter(pk__in=rows.order_by("-pk").values("pk")[:5]).update(total=D("0.29"))
    assert_tally_is_the_slow_count(firm)
    gone = Invoice.objects.filter(account=accounts[-1])
    gone.filter(kind="credit_note").delete()  # before the invoices they correct (PROTECT)
    gone.delete()
    assert_tally_is_the_slow_count(firm)


def test_deleting_every_invoice_leaves_no_tally_row(varied):
    Invoice.objects.filter(firm=varied.firm, kind="credit_note").delete()
    Invoice.objects.filter(firm=varied.firm).delete()
    assert tally_rows(varied.firm) == []
    assert queries.firm_invoice_blocks(varied.firm, date(2026, 11, 29), Period.ALL)["total"] == (
        queries.Block(0, D("0.00"))
    )


def test_counting_again_gives_what_the_triggers_kept(varied, bulk):
    """The migration's count of the invoices that exist (tallies.recount) agrees with the
    triggers, so a database migrated with invoices starts right."""
    firm, _ = bulk(200, 3)
    kept = [tally_rows(varied.firm), tally_rows(firm)]
    with connection.cursor() as cursor:
        for sql in tallies.recount(connection.vendor == "postgresql"):
            cursor.execute(sql)
    assert [tally_rows(varied.firm), tally_rows(firm)] == kept


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["issue", "draft", "pay", "credit_note", "reverse", "apply_credit"]),
        st.decimals(min_value=D("0.01"), max_value=D("900"), places=2),
        st.dates(min_value=date(2025, 11, 1), max_value=date(2026, 12, 31)),
    ),
    min_size=1,
    max_size=8,
)


@pytest.mark.django_db
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=OPERATIONS)
def test_any_sequence_of_actions_keeps_the_tally_right(personas, operations):
    owner, account = personas.owner, personas.account
    with transaction.atomic():
        for what, amount, day in operations:
            with contextlib.suppress(ValidationError, AlreadyDone):
                _operate(owner, account, what, amount, day)
        assert_tally_is_the_slow_count(personas.firm)
        transaction.set_rollback(True)


def _operate(owner, account, what, amount, day):
    unpaid = queries.unpaid_invoices(account).first()
    if what in ("issue", "draft"):
        make = issued if what == "issue" else draft
        make(owner, account, line(1, amount), issued=day, due=day)
    elif what == "pay" and unpaid:
        pay(owner, account, amount, unpaid, keep_credit=True, day=day)
    elif what == "credit_note" and unpaid:
        note = actions.create_credit_note(member=owner, invoice=unpaid, issue_date=day)
        actions.issue_invoice(member=owner, invoice=note)
    elif what == "reverse":
        payment = queries.account_payments(account).filter(reversed_at__isnull=True).first()
        if payment:
            actions.reverse_payment(member=owner, payment=payment)
    elif what == "apply_credit" and unpaid:
        actions.apply_credit(member=owner, invoice=unpaid)


def test_deleting_a_client_takes_its_invoices_and_credit_notes_off_the_tally(varied):
    """An owner deletes a client with a credit note (it used to be refused: the note
    PROTECTed the invoice it corrects); the firm's blocks lose the client's invoices."""
    assert Invoice.objects.filter(account=varied.account, kind="credit_note").exists()
    client_actions.delete_account(member=varied.owner, account=varied.account)
    assert not Invoice.objects.filter(account_id=varied.account.pk).exists()
    assert_tally_is_the_slow_count(varied.firm)
    total = queries.firm_invoice_blocks(varied.firm, date(2026, 11, 29), Period.ALL)["total"]
    assert total.count == 3  # the other client's two paid and the one paid from credit


def test_an_invoice_a_credit_note_corrects_is_not_deleted_alone(varied):
    corrected = Invoice.objects.filter(firm=varied.firm, credit_notes__isnull=False).first()
    with pytest.raises(RestrictedError):
        corrected.delete()

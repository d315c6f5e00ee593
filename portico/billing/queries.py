"""Reads of billing, scoped by firm, by the accounts the member may see and by the *manage
billing* right (F-2): a member without it gets nothing (views answer 404), so they never see
an amount. The summary blocks are one aggregate query each."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from portico.billing import money
from portico.billing.dates import month_bounds, year_start
from portico.billing.models import (
    AccountBilling,
    BillingSettings,
    Estimate,
    EstimateStatus,
    Invoice,
    InvoiceTally,
    MemberBilling,
    Payment,
    PaymentClaim,
    Period,
    Status,
)
from portico.clients.models import ClientAccount
from portico.clients.queries import visible_accounts
from portico.core import rights
from portico.core.rights import Right, has

LATEST = 20  # what the profile's tabs list (seed 003: "los últimos 20")
PAGE = 50  # rows of a paged list
ZERO = Decimal("0.00")


def may_bill(member) -> bool:
    """Whether `member` may see and change billing (owners, admins, *manage billing*)."""
    return has(member, Right.MANAGE_BILLING)


def billing_accounts(member):
    """The accounts whose billing `member` may open: the ones they see, if they may bill."""
    if not may_bill(member):
        return ClientAccount.objects.none()
    return visible_accounts(member)


def _scoped(model, member):
    rows = model.objects.filter(firm=member.firm)
    if not may_bill(member):
        return rows.none()
    if rights.has(member, Right.SEE_ALL_ACCOUNTS):
        return rows
    return rows.filter(account__in=visible_accounts(member))


def invoices(member):
    """Every invoice and credit note `member` may open."""
    return _scoped(Invoice, member)


def invoice_details(member):
    return invoices(member).select_related("account", "corrects", "firm")


def claims(member):
    """Payments clients announced, on invoices `member` may open."""
    return PaymentClaim.objects.filter(invoice__in=invoices(member)).select_related("invoice")


def estimates(member):
    return _scoped(Estimate, member)


def estimate_details(member):
    return estimates(member).select_related("account", "invoice", "firm")


def payments(member):
    return _scoped(Payment, member)


def settings_of(firm) -> BillingSettings:
    """The firm's billing settings (not saved when the firm has none yet: the defaults)."""
    found = BillingSettings.objects.filter(firm=firm).first()
    return found or BillingSettings(firm=firm, tax_rates=default_rates(firm))


def default_rates(firm) -> list[str]:
    return money.default_rates(firm.country, firm.language)


def tax_rates(firm) -> list[Decimal]:
    """The rates (percent) the firm's lines may use, highest first."""
    rates = settings_of(firm).tax_rates or default_rates(firm)
    return sorted({Decimal(r).normalize() for r in rates}, reverse=True)


ISSUER_FIELDS = ("tax_id", "street", "postal_code", "city")


def issuer_missing(firm) -> list[str]:
    """The fields of the firm's settings an invoice must show and that are empty (an invoice
    is not issued without them: actions.check_issuer)."""
    return [name for name in ISSUER_FIELDS if not getattr(firm, name).strip()]


def account_billing(account) -> AccountBilling:
    """The account's billing row (unsaved defaults when it has none)."""
    return AccountBilling.objects.filter(account=account).first() or AccountBilling(account=account)


def period_of(member) -> str:
    """The member's setting for the summary blocks: Period.YEAR (default) or Period.ALL."""
    found = MemberBilling.objects.filter(member=member).values_list("period", flat=True).first()
    return found or Period.YEAR


# --- Summary blocks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    count: int
    amount: Decimal


def _block(rows, key) -> Block:
    return Block(rows[f"{key}_n"] or 0, rows[f"{key}_sum"] or ZERO)


def _invoice_spec(today, total="total", paid="amount_paid"):
    """{block: (which invoices it counts, what it sums)} of B-2, over columns named `total` and
    `paid` (the invoice's, or the tally's cents)."""
    open_ = Q(status__in=(Status.PENDING, Status.PARTIAL))
    due = F(total) - F(paid)
    return {
        "pending": (open_, due),
        "paid": (Q(status=Status.PAID), F(total)),
        "overdue": (open_ & Q(due_date__lt=today), due),
        "draft": (Q(status=Status.DRAFT), F(total)),
        "partial": (Q(status=Status.PARTIAL), F(paid)),
        "total": (~Q(status=Status.DRAFT), F(total)),
    }


def _aggregate(rows, spec, count):
    """One query: each block's `{key}_n` (`count(where)`) and `{key}_sum` over `rows`."""
    aggregates = {}
    for key, (where, amount) in spec.items():
        aggregates[f"{key}_n"] = count(where)
        aggregates[f"{key}_sum"] = Sum(amount, filter=where)
    return rows.order_by().aggregate(**aggregates)


def invoice_blocks(rows, today, period=Period.YEAR) -> dict[str, Block]:
    """The Invoices blocks of B-2 over `rows` (an Invoice queryset), in one query:

    - pending: sent and not fully paid, overdue included — count and amount still due;
    - paid: fully paid (credit notes, once settled, count here with their negative totals);
    - overdue: sent, not fully paid, due before `today` (the firm's local date) — amount due;
    - draft: not issued yet — count and total;
    - partial: partly paid — count and only the part paid;
    - total: every issued invoice — count and total (pending + paid).
    With Period.YEAR only invoices issued (drafts: dated) since 1 January of `today`'s year."""
    if period == Period.YEAR:
        rows = rows.filter(issue_date__gte=year_start(today))
    spec = _invoice_spec(today)
    found = _aggregate(rows, spec, lambda where: Count("pk", filter=where))
    return {key: _block(found, key) for key in spec}


def firm_invoice_blocks(firm, today, period=Period.YEAR) -> dict[str, Block]:
    """invoice_blocks over every invoice of `firm`, read from its tally (billing/tallies.py):
    the same figures, from about a thousand rows a year whatever the number of invoices."""
    rows = InvoiceTally.objects.filter(firm=firm)
    if period == Period.YEAR:
        rows = rows.filter(year__gte=today.year)
    spec = _invoice_spec(today, total="total_cents", paid="paid_cents")
    found = _aggregate(rows, spec, lambda where: Sum("invoices", filter=where))
    return {
        key: Block(int(found[f"{key}_n"] or 0), Decimal(found[f"{key}_sum"] or 0).scaleb(-2))
        for key in spec
    }


def billing_page_blocks(member, today, period=Period.YEAR) -> dict[str, Block]:
    """The firm-wide Billing page's blocks for `member`: from the firm's tally when they see
    every account, else counted over the invoices of the accounts they see."""
    if rights.has(member, Right.SEE_ALL_ACCOUNTS):
        return firm_invoice_blocks(member.firm, today, period)
    return invoice_blocks(invoices(member), today, period)


def estimate_blocks(rows) -> dict[str, Block]:
    """The Estimates blocks of B-4 over `rows`: count and sum of totals of the ones awaiting
    acceptance (Outstanding), accepted and rejected, and drafts."""
    keys = {
        "outstanding": EstimateStatus.OUTSTANDING,
        "accepted": EstimateStatus.ACCEPTED,
        "rejected": EstimateStatus.REJECTED,
        "draft": EstimateStatus.DRAFT,
    }
    aggregates = {}
    for key, status in keys.items():
        aggregates[f"{key}_n"] = Count("pk", filter=Q(status=status))
        aggregates[f"{key}_sum"] = Sum("total", filter=Q(status=status))
    found = rows.order_by().aggregate(**aggregates)
    return {key: _block(found, key) for key in keys}


# --- Lists ----------------------------------------------------------------------------------------


def account_invoices(account):
    return Invoice.objects.filter(account=account)


def account_estimates(account):
    return Estimate.objects.filter(account=account)


def account_payments(account):
    return Payment.objects.filter(account=account)


def latest(rows, limit=LATEST):
    """The newest `limit` rows by date (issue date or payment date), then id."""
    date_field = "date" if rows.model is Payment else "issue_date"
    return list(rows.order_by(f"-{date_field}", "-pk")[:limit])


def unpaid_invoices(account):
    """The account's issued invoices not fully paid, oldest due first (what a payment or the
    client's credit is applied to)."""
    return Invoice.objects.filter(
        account=account, status__in=(Status.PENDING, Status.PARTIAL), kind="invoice"
    ).order_by("due_date", "pk")


def month_payments(account, day):
    """This month's payments of `account` (the month of `day`) summed per day, reversed ones
    left out: ([(date, amount)], month total), one query."""
    first, last = month_bounds(day)
    per_day = list(
        account_payments(account)
        .filter(date__gte=first, date__lte=last, reversed_at__isnull=True)
        .values_list("date")
        .annotate(amount=Sum("amount"))
        .order_by("date")
    )
    return per_day, sum((amount for _, amount in per_day), ZERO)


def keyset_page(rows, date_field, after=None, size=PAGE):
    """One page of `rows` newest first by (`date_field`, id), starting after the cursor
    `after` = (date, id) of the previous page's last row: never an OFFSET, so a deep page
    costs what the first does. Returns (rows, next cursor or None)."""
    rows = rows.order_by(f"-{date_field}", "-pk")
    if after is not None:
        day, pk = after
        rows = rows.filter(Q(**{f"{date_field}__lt": day}) | Q(**{date_field: day, "pk__lt": pk}))
    found = list(rows[: size + 1])
    more = len(found) > size
    found = found[:size]
    cursor = (getattr(found[-1], date_field), found[-1].pk) if more else None
    return found, cursor


def credit_of(account) -> Decimal:
    return AccountBilling.objects.filter(account=account).aggregate(
        c=Coalesce(Sum("credit"), ZERO)
    )["c"]

"""The expense side of the bench dataset: wallets, top-ups, exports and DESIGN.md's 2,000,000
expenses at M, with each account's ExpenseSummary computed as they are written, and the portal
logins the Clients page shows and sorts by.

Company accounts get expenses, skewed (log-normal: most a few dozen, some thousands) and spread
over the states as the demo's clients are (some up to date, some far behind). Expenses go in with
plain values (core/inserts.py): two million model instances would take minutes."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from portico.clients.models import ClientAccount, EmailSwitches
from portico.core.inserts import insert
from portico.expenses import demo, exports
from portico.expenses.models import Expense, ExpenseExport, ExpenseSummary, TopUp
from portico.portal.models import PortalActivity

CHUNK = 2000  # accounts whose expenses are drawn, exported and written together
STATES = {
    "missing": Expense.State.MISSING_RECEIPT,
    "ready": Expense.State.READY,
    "exported": Expense.State.EXPORTED,
}


@dataclass
class Plan:
    """One account's expenses before they are written."""

    account: int
    wallet: bool
    drawn: list = field(default_factory=list)  # demo.draw() tuples

    def of_state(self, state):
        return [d for d in self.drawn if d[0] == state]


def build(firm, total, rng):
    demo.ensure_receipt()
    companies = list(
        ClientAccount.objects.filter(firm=firm, kind=ClientAccount.Kind.COMPANY)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    weights = [rng.lognormvariate(0, 1.2) for _ in companies]
    scale = total / sum(weights)
    now = timezone.now()
    for start in range(0, len(companies), CHUNK):
        plans = []
        for account, weight in zip(
            companies[start : start + CHUNK], weights[start : start + CHUNK], strict=True
        ):
            plan, spread = Plan(account, wallet=rng.random() < 0.7), demo.profile(rng)
            plan.drawn = [demo.draw(rng, spread) for _ in range(round(weight * scale))]
            plans.append(plan)
        _write(firm, plans, rng, now)


def _write(firm, plans, rng, now):
    exported = {
        plan.account: _export(firm, plan, now) for plan in plans if plan.of_state("exported")
    }
    ExpenseExport.objects.bulk_create(exported.values())
    rows = [
        _row(firm, plan, drawn, exported.get(plan.account), now)
        for plan in plans
        for drawn in plan.drawn
    ]
    insert(Expense, rows)
    top_ups = [_top_ups(firm, plan, rng) for plan in plans]
    TopUp.objects.bulk_create(t for account_top_ups in top_ups for t in account_top_ups)
    ExpenseSummary.objects.bulk_create(
        _summary(firm, plan, account_top_ups)
        for plan, account_top_ups in zip(plans, top_ups, strict=True)
    )


def _export(firm, plan, now):
    expenses = [
        SimpleNamespace(
            spent_on=d[2],
            merchant=d[3],
            amount=d[4],
            currency=firm.currency,
            category=d[1],
            note="",
        )
        for d in sorted(plan.of_state("exported"), key=lambda d: d[2])
    ]
    return ExpenseExport(
        firm=firm,
        account_id=plan.account,
        format=ExpenseExport.Format.CSV,
        content=exports.render(expenses, format="csv", language=firm.language),
        count=len(expenses),
        created_at=now,
    )


def _row(firm, plan, drawn, export, now):
    state, category, spent_on, merchant, amount = drawn
    receipt = state != "missing"
    return {
        "firm_id": firm.pk,
        "account_id": plan.account,
        "spent_on": spent_on,
        "merchant": merchant,
        "amount": amount,
        "currency": firm.currency,
        "category": category,
        "from_wallet": plan.wallet,
        "state": STATES[state],
        "receipt": demo.RECEIPT if receipt else "",
        "receipt_type": "application/pdf" if receipt else "",
        "receipt_added_at": now if receipt else None,
        "export_id": export.pk if state == "exported" else None,
    }


def _top_ups(firm, plan, rng):
    if not plan.wallet:
        return []
    return [
        TopUp(
            firm=firm,
            account_id=plan.account,
            amount=Decimal(rng.choice([500, 1000, 1500, 2500, 5000])),
            currency=firm.currency,
            booked_on=date(2026, 1, 5) + timedelta(days=30 * n),
        )
        for n in range(rng.randint(1, 4))
    ]


def _summary(firm, plan, top_ups):
    spent = sum((d[4] for d in plan.drawn), Decimal(0)) if plan.wallet else Decimal(0)
    return ExpenseSummary(
        account_id=plan.account,
        firm=firm,
        missing_receipts=len(plan.of_state("missing")),
        ready_to_export=len(plan.of_state("ready")),
        has_wallet=plan.wallet,
        wallet_balance=sum((t.amount for t in top_ups), Decimal(0)) - spent,
        wallet_currency=firm.currency if plan.wallet else "",
    )


def portal_logins(firm, rng):
    """Most accounts where a client has Login on have signed in to the portal, some lately."""
    with_login = (
        EmailSwitches.objects.filter(link__account__firm=firm, login=True)
        .values_list("link__account", flat=True)
        .distinct()
    )
    now = timezone.now()
    PortalActivity.objects.bulk_create(
        (
            PortalActivity(
                account_id=account, last_login=now - timedelta(minutes=rng.randint(5, 525_600))
            )
            for account in with_login.iterator(chunk_size=5000)
            if rng.random() < 0.7
        ),
        batch_size=5000,
    )

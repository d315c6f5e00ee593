"""Demo wallets, expenses, receipts and exports, called by `manage.py demo`.

Company accounts get expenses in every state (some clients have no missing receipt at all, some
have everything exported); most of them have a wallet. Written in bulk, then each summary is
refreshed from what was written, so the numbers on the Clients page are the real ones."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from portico.expenses import exports, summary
from portico.expenses.models import Category, Expense, ExpenseExport, ExpenseSummary, TopUp

RECEIPT = "receipts/demo/ticket.pdf"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MERCHANTS = {
    Category.TRAVEL: ["Renfe Viajeros", "Iberia", "SNCF Voyageurs", "Hotel Miramar", "Uber"],
    Category.MEALS: ["Restaurante Casa Pepa", "Café de la Gare", "Bar Ñandú", "Brasserie Lipp"],
    Category.FUEL: ["Repsol", "Cepsa", "TotalEnergies", "Parking Indigo", "Saba Aparcamientos"],
    Category.SUPPLIES: ["Papelería Peña", "Bureau Vallée", "Amazon Business", "Office Depot"],
    Category.SOFTWARE: ["Microsoft 365", "Google Workspace", "Adobe", "Holded"],
    Category.PHONE: ["Movistar", "Orange", "Vodafone", "Free Pro"],
    Category.OTHER: ["Correos", "La Poste", "Notaría López", "Leroy Merlin"],
}
# (share of company accounts, how their expenses are spread over the states)
PROFILES = [
    (0.25, {"missing": 0.0, "ready": 0.3, "exported": 0.7}),  # up to date: no missing receipt
    (0.45, {"missing": 0.3, "ready": 0.3, "exported": 0.4}),
    (0.20, {"missing": 0.7, "ready": 0.1, "exported": 0.2}),
    (0.10, {"missing": 0.0, "ready": 0.0, "exported": 1.0}),  # everything exported
]


def build(demo, accounts):
    """`demo` is the Demo builder of the desk's demo command (its rng, firm, owner, members)."""
    ensure_receipt()
    companies = [a for a in accounts if a.kind == "company"]
    for account in companies:
        _expenses_of(demo, account)


def ensure_receipt():
    """The one small PDF every demo (and bench) receipt points to."""
    if not default_storage.exists(RECEIPT):
        default_storage.save(RECEIPT, ContentFile(PDF))


def profile(rng):
    """How one company's expenses spread over the states (PROFILES)."""
    roll, total = rng.random(), 0.0
    for share, spread in PROFILES:
        total += share
        if roll < total:
            return spread
    return PROFILES[-1][1]


def _expenses_of(demo, account):
    rng, firm = demo.rng, demo.firm
    totals = ExpenseSummary.objects.create(account=account, firm=firm)
    if rng.random() < 0.7:
        totals.has_wallet, totals.wallet_currency = True, firm.currency
        TopUp.objects.bulk_create(
            TopUp(
                firm=firm,
                account=account,
                amount=Decimal(rng.choice([500, 1000, 1500, 2500, 5000])),
                currency=firm.currency,
                booked_on=date(2026, 1, 5) + timedelta(days=30 * n),
                created_by=demo.owner.user,
            )
            for n in range(rng.randint(1, 4))
        )
    spread = profile(rng)
    expenses = [_expense(rng, firm, account, totals, spread) for _ in range(rng.randint(4, 40))]
    Expense.objects.bulk_create(expenses)
    exported = sorted((e for e in expenses if e.state == Expense.State.EXPORTED), key=_day)
    if exported:
        _export(demo, account, exported)
    summary.refresh(totals)


def _day(expense):
    return (expense.spent_on, expense.merchant)


def draw(rng, spread):
    """One expense's (state drawn from `spread`, category, spent_on, merchant, amount)."""
    category = rng.choice(list(Category))
    state = rng.choices(list(spread), weights=list(spread.values()))[0]
    spent_on = date(2026, 11, 20) - timedelta(days=rng.randint(0, 120))
    amount = Decimal(rng.randint(250, 45_000)) / 100
    if state == "missing" and rng.random() < 0.5:
        return state, "", spent_on, rng.choice(MERCHANTS[category]), amount
    return state, category, spent_on, rng.choice(MERCHANTS[category]), amount


def _expense(rng, firm, account, totals, spread):
    state, category, spent_on, merchant, amount = draw(rng, spread)
    expense = Expense(
        firm=firm,
        account=account,
        spent_on=spent_on,
        merchant=merchant,
        amount=amount,
        currency=firm.currency,
        category=category,
        from_wallet=totals.has_wallet,
    )
    if state != "missing":
        expense.receipt, expense.receipt_type = RECEIPT, "application/pdf"
        expense.receipt_added_at = timezone.now()
    expense.state = Expense.State.EXPORTED if state == "exported" else expense.current_state()
    return expense


def _export(demo, account, expenses):
    export = ExpenseExport.objects.create(
        firm=demo.firm,
        account=account,
        format=ExpenseExport.Format.JOURNAL,
        content=exports.render(expenses, format="journal", language=demo.firm.language),
        count=len(expenses),
        created_by=demo.owner.user,
    )
    Expense.objects.filter(pk__in=[e.pk for e in expenses]).update(export=export)

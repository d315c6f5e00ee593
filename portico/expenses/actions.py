"""Writes to wallets and expenses. Each checks the right (*manage accounts*), runs in one
transaction, locks and refreshes the account's ExpenseSummary, and records its History event."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portico.clients.models import ClientAccount
from portico.core import rights
from portico.core.history import record
from portico.core.locking import lock
from portico.core.models import HistoryEvent
from portico.core.rights import Right
from portico.expenses import exports, receipts, summary
from portico.expenses.models import Expense, ExpenseExport, TopUp

Verb = HistoryEvent.Verb
State = Expense.State
FROZEN = _("This expense is exported: it can no longer change.")
NO_WALLET = _("Only company accounts have a wallet.")


def _require_editor(member, account):
    rights.require(member, Right.MANAGE_ACCOUNTS, account)


def _new_expense(account, totals, row) -> Expense:
    from_wallet = totals.has_wallet and row["currency"] == totals.wallet_currency
    expense = Expense(firm_id=account.firm_id, account=account, from_wallet=from_wallet, **row)
    expense.state = expense.current_state()
    return expense


@transaction.atomic
def create_expense(*, member, account, spent_on, merchant, amount, currency, category="", note=""):
    _require_editor(member, account)
    totals = summary.lock(account)
    row = dict(spent_on=spent_on, merchant=merchant, amount=amount, currency=currency)
    expense = _new_expense(account, totals, {**row, "category": category, "note": note})
    expense.save()
    summary.refresh(totals)
    record(
        actor=member.user,
        firm=member.firm,
        account=account,
        verb=Verb.EXPENSE_CREATED,
        subject=merchant,
        after={"expense": expense.pk, "amount": str(amount), "currency": currency},
    )
    return expense


@transaction.atomic
def import_expenses(*, member, account, rows, filename="") -> int:
    """Every row of a parsed import (imports.parse with no problem), or nothing."""
    _require_editor(member, account)
    if not rows:
        raise ValidationError(_("The file has no expense rows."))
    totals = summary.lock(account)
    fields = ("spent_on", "merchant", "amount", "currency", "category", "note")
    expenses = [_new_expense(account, totals, {f: getattr(row, f) for f in fields}) for row in rows]
    Expense.objects.bulk_create(expenses, batch_size=1000)
    summary.refresh(totals)
    record(
        actor=member.user,
        firm=member.firm,
        account=account,
        verb=Verb.EXPENSES_IMPORTED,
        subject=filename[:200],
        after={"count": len(expenses)},
    )
    return len(expenses)


def _lock_open(expense):
    """Read the expense again under its lock (the account's summary is locked first, as by every
    expense action): an export that committed meanwhile is seen, and the expense refused."""
    lock(expense)
    if expense.state == State.EXPORTED:
        raise ValidationError(FROZEN)


def _attach(expense, receipt, actor, category=None):
    totals = summary.lock(expense.account)
    _lock_open(expense)
    content_type = receipts.content_type_of(receipt)
    old = expense.receipt.name if expense.receipt else ""
    fields = ["receipt", "receipt_type", "receipt_added_by", "receipt_added_at", "state"]
    if category is not None:
        expense.category = category
        fields.append("category")
    expense.receipt_type = content_type
    expense.receipt.save("receipt", receipt, save=False)
    expense.receipt_added_by, expense.receipt_added_at = actor, timezone.now()
    expense.state = expense.current_state()
    expense.save(update_fields=fields)
    summary.refresh(totals)
    if old:
        storage = expense.receipt.storage
        transaction.on_commit(lambda: storage.delete(old))
    record(
        actor=actor,
        firm=expense.account.firm,
        account=expense.account,
        verb=Verb.RECEIPT_ATTACHED,
        subject=expense.merchant,
        after={"expense": expense.pk, "replaced": bool(old)},
    )
    return expense


@transaction.atomic
def attach_receipt(*, member, expense, receipt, category=None):
    """Staff attach (or replace) an expense's receipt, and may set its category with it."""
    _require_editor(member, expense.account)
    return _attach(expense, receipt, member.user, category)


@transaction.atomic
def attach_client_receipt(*, user, expense, receipt):
    """For the client portal (E-3): `user` is a client who the portal has checked may act on
    `expense.account`. The receipt is validated here exactly as for staff."""
    return _attach(expense, receipt, user)


@transaction.atomic
def set_category(*, member, expense, category):
    _require_editor(member, expense.account)
    totals = summary.lock(expense.account)
    _lock_open(expense)
    before = expense.category
    expense.category = category
    expense.state = expense.current_state()
    expense.save(update_fields=["category", "state"])
    summary.refresh(totals)
    record(
        actor=member.user,
        firm=member.firm,
        account=expense.account,
        verb=Verb.EXPENSE_UPDATED,
        subject=expense.merchant,
        before={"category": before},
        after={"category": category},
    )
    return expense


@transaction.atomic
def top_up_wallet(*, member, account, amount, booked_on, note=""):
    """Money in the client's wallet; the first top-up opens it, in the firm's currency."""
    _require_editor(member, account)
    if account.kind != ClientAccount.Kind.COMPANY:
        raise ValidationError(NO_WALLET)
    totals = summary.lock(account)
    if not totals.has_wallet:
        totals.has_wallet, totals.wallet_currency = True, member.firm.currency
    top_up = TopUp.objects.create(
        firm_id=account.firm_id,
        account=account,
        amount=amount,
        currency=totals.wallet_currency,
        booked_on=booked_on,
        note=note,
        created_by=member.user,
    )
    summary.refresh(totals)
    record(
        actor=member.user,
        firm=member.firm,
        account=account,
        verb=Verb.WALLET_TOPPED_UP,
        subject=account.name,
        after={"amount": str(amount), "currency": top_up.currency},
    )
    return top_up


@transaction.atomic
def export_expenses(*, member, account, format) -> ExpenseExport | None:
    """E-4: every ready expense of the account goes into one file and becomes exported."""
    _require_editor(member, account)
    if format not in ExpenseExport.Format.values:
        raise PermissionDenied
    totals = summary.lock(account)
    ready = list(
        Expense.objects.filter(account=account, state=State.READY).order_by("spent_on", "pk")
    )
    if not ready:
        return None
    language = member.language or member.firm.language
    export = ExpenseExport.objects.create(
        firm_id=account.firm_id,
        account=account,
        format=format,
        content=exports.render(ready, format=format, language=language),
        count=len(ready),
        created_by=member.user,
    )
    Expense.objects.filter(pk__in=[e.pk for e in ready]).update(export=export, state=State.EXPORTED)
    summary.refresh(totals)
    record(
        actor=member.user,
        firm=member.firm,
        account=account,
        verb=Verb.EXPENSES_EXPORTED,
        subject=account.name,
        after={"count": len(ready), "format": format, "export": export.pk},
    )
    return export

"""Firm-scoped reads of wallets and expenses, always through the accounts a member may see."""

from portico.clients.queries import editable_accounts, visible_accounts
from portico.expenses.models import Expense, ExpenseExport, ExpenseSummary, TopUp

State = Expense.State


def visible_expenses(member):
    return Expense.objects.filter(account__in=visible_accounts(member)).select_related("account")


def editable_expenses(member):
    return Expense.objects.filter(account__in=editable_accounts(member)).select_related("account")


def visible_exports(member):
    return ExpenseExport.objects.filter(account__in=visible_accounts(member))


def summary_of(account) -> ExpenseSummary | None:
    return ExpenseSummary.objects.filter(account=account).first()


def account_expenses(account, state=""):
    """An account's expenses, newest first, optionally in one state (served by an index)."""
    expenses = Expense.objects.filter(account=account)
    if state:
        expenses = expenses.filter(state=state)
    return expenses.order_by("-spent_on", "-pk")


def expenses_awaiting_receipt(account):
    """What the portal asks the client for (E-3): the expenses without a receipt."""
    return account_expenses(account, State.MISSING_RECEIPT)


def account_top_ups(account, limit=10):
    return TopUp.objects.filter(account=account).order_by("-booked_on", "-pk")[:limit]


def account_exports(account, limit=10):
    return (
        ExpenseExport.objects.filter(account=account)
        .defer("content")
        .order_by("-created_at", "-pk")[:limit]
    )

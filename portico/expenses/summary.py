"""Keeping ExpenseSummary right: every expense action locks the account's row first and refreshes
it before its transaction commits, so the counts never drift from the expenses."""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from portico.expenses.models import Expense, ExpenseSummary, TopUp

State = Expense.State


def lock(account) -> ExpenseSummary:
    """The account's summary row, created if needed and locked until the transaction ends:
    concurrent actions on one account run one after the other."""
    ExpenseSummary.objects.get_or_create(account=account, defaults={"firm_id": account.firm_id})
    return ExpenseSummary.objects.select_for_update().get(account=account)


def refresh(summary: ExpenseSummary) -> ExpenseSummary:
    """Recount from the expenses and top-ups (two indexed aggregates for one account)."""
    expenses = Expense.objects.filter(account_id=summary.account_id)
    totals = expenses.aggregate(
        missing=Count("pk", filter=Q(state=State.MISSING_RECEIPT)),
        ready=Count("pk", filter=Q(state=State.READY)),
        spent=Sum("amount", filter=Q(from_wallet=True)),
    )
    summary.missing_receipts = totals["missing"]
    summary.ready_to_export = totals["ready"]
    if summary.has_wallet:
        topped = TopUp.objects.filter(account_id=summary.account_id).aggregate(s=Sum("amount"))
        summary.wallet_balance = (topped["s"] or Decimal(0)) - (totals["spent"] or Decimal(0))
    summary.save()
    return summary

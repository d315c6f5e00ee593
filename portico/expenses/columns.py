"""Expenses' columns of the Clients page (C-2), registered in apps.py as
core.registry.ClientsColumn: missing receipts, wallet balance and expenses ready to export, read
from the account's one-to-one summary in the rows' own query. An account without expenses or a
wallet shows "—", and a page shows a column only where some row has the data (no fake zeros)."""

from html import escape

from django.db.models import F

from portico.core.numbers import format_money

MISSING_VALUES = {"missing_receipts": F("expense_summary__missing_receipts")}
READY_VALUES = {"ready_to_export": F("expense_summary__ready_to_export")}
WALLET_VALUES = {
    "has_wallet": F("expense_summary__has_wallet"),
    "wallet_balance": F("expense_summary__wallet_balance"),
    "wallet_currency": F("expense_summary__wallet_currency"),
}


def any_expenses(rows) -> bool:
    return any(row.extra["missing_receipts"] is not None for row in rows)


def any_wallet(rows) -> bool:
    return any(row.extra["has_wallet"] for row in rows)


def missing_receipts(row) -> str:
    """A red badge, 0, or — for an account without expenses."""
    missing = row.extra["missing_receipts"]
    if missing:
        shown = f'<span class="badge text-bg-danger">{missing}</span>'
    else:
        shown = "—" if missing is None else "0"
    return f'<td class="text-end" data-testid="missing-receipts">{shown}</td>'


def wallet_balance(row) -> str:
    balance = "—"
    if row.extra["has_wallet"]:
        balance = escape(format_money(row.extra["wallet_balance"], row.extra["wallet_currency"]))
    return f'<td class="text-end text-nowrap" data-testid="wallet-balance">{balance}</td>'


def ready_to_export(row) -> str:
    ready = row.extra["ready_to_export"]
    shown = "—" if ready is None else ready
    return f'<td class="text-end" data-testid="ready-to-export">{shown}</td>'

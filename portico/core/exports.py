"""Every file Portico exports for a spreadsheet (CSV, XLSX) writes its cells through this
module, so a cell can never run as a formula (issue 15, fault 3).

Text typed by anyone — a merchant, a note, a client's name — that starts with `=`, `+`, `-`,
`@`, a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a formula
(CSV or formula injection: `=HYPERLINK(…)`, `=cmd|' /C calc'!A0`, `@SUM(…)`). OWASP's rule
(https://owasp.org/www-community/attacks/CSV_Injection): prefix such a cell with a single
quote, which spreadsheets show as text and hide. The full-width forms (＝ ＋ － ＠) are
treated alike, since some spreadsheets fold them. Numbers (int, Decimal, float) are written
as numbers, so a negative amount stays a number; only text is neutralised.
"""

import csv
import functools
import math
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

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


# --- XLSX ---------------------------------------------------------------------------------------
# A workbook of one sheet, written as its rows come and handed out a piece at a time, so that a
# download of 250,000 rows starts at once and takes no more memory than one of 10 (issue 18). An
# .xlsx file is a ZIP of XML parts (ECMA-376, SpreadsheetML): five small fixed ones, and the
# sheet's, written here row by row with its text inline (`t="inlineStr"`), as streaming writers do
# (XlsxWriter's constant_memory mode): a shared-strings table would have to be complete before the
# sheet. zipfile writes to an unseekable file with a data descriptor after each part (its size
# and CRC follow the data), as Java's ZipOutputStream does for Apache POI's streamed workbooks,
# and without ZIP64, which Excel refuses where it is not needed (so a sheet stops at 2 GiB of
# XML: ~530 bytes a client-book row, ~1,600,000 accounts). openpyxl's write-only workbook was
# 5–7× slower (its pure-Python XML writer) and could send nothing before the last row was
# written (docs/PERFORMANCE.md, issue 18).

XLSX_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org'
        '/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="{title}" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        '<Relationship Id="rId2" Target="styles.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/styles"/>'
        '<Relationship Id="rId3" Target="sharedStrings.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
        "</Relationships>"
    ),
    # Two cell formats: 0 the default, 1 a date (built-in format 14, the reader's short date).
    "xl/styles.xml": (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
    # Empty: every text is inline in the sheet; some readers look for the part all the same.
    "xl/sharedStrings.xml": (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'count="0" uniqueCount="0"/>'
    ),
}
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
SHEET_HEAD = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"
SHEET_PART = "xl/worksheets/sheet1.xml"
# zlib's fastest level: a client book's sheet still shrinks ×8.7 (×10.4 at the default 6) in a
# third of the time.
COMPRESSION = 1
PIECE = 64 * 1024  # bytes handed out at a time (at least), once the workbook's head is out
# Characters XML 1.0 cannot carry (C0 controls but tab, LF, CR; U+FFFE, U+FFFF): a spreadsheet
# refuses the whole file for one of them, so they are dropped.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SHEET_TITLE_LIMIT = 31  # characters, Excel's
EPOCH = date(1899, 12, 30)  # day 0 of a spreadsheet's dates (the 1900 system, as Excel counts)


def xlsx_chunks(rows, *, title=None):
    """The bytes of an .xlsx workbook of one sheet named `title` (default "Sheet1") holding
    `rows`, produced as `rows` are read: the workbook's head before the first row is asked
    for, then a piece of at least PIECE bytes whenever one is ready, so memory stays flat
    whatever the number of rows. Text cells neutralised and written as text; numbers as
    numbers; dates as dates (a datetime as its ISO text, as in CSV); empty cells left out.
    Raises RuntimeError past 2 GiB of sheet (zipfile without ZIP64)."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION) as book:
        for name, text in XLSX_PARTS.items():
            text = text.replace("{title}", _sheet_title(title))
            book.writestr(name, XML_HEAD + text)
        yield pipe.take()
        with book.open(SHEET_PART, "w") as sheet:
            sheet.write((XML_HEAD + SHEET_HEAD).encode())
            for number, row in enumerate(rows, start=1):
                sheet.write(_row_xml(number, row).encode())
                if pipe.size >= PIECE:
                    yield pipe.take()
            sheet.write(SHEET_TAIL.encode())
    yield pipe.take()


class _Pipe:
    """The unseekable file zipfile writes the workbook into; `take()` hands back, and forgets,
    what was written since the last call."""

    def __init__(self):
        self._pieces = []
        self.size = 0

    def write(self, data):
        self._pieces.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self):
        pass

    def take(self) -> bytes:
        data = b"".join(self._pieces)
        self._pieces.clear()
        self.size = 0
        return data


def _sheet_title(title):
    """A sheet's name as Excel takes it: at most 31 characters, none of []:*?/\\, escaped."""
    name = re.sub(r"[\[\]:*?/\\]", " ", title or "Sheet1")[:SHEET_TITLE_LIMIT].strip()
    return escape(name or "Sheet1", {'"': "&quot;"})


def _row_xml(number, row) -> str:
    letters = _letters(len(row))
    cells = [
        _cell_xml(f"{letters[n]}{number}", value)
        for n, value in enumerate(row)
        if value is not None and value != ""  # most cells of a client book: said first
    ]
    return f'<row r="{number}">{"".join(cells)}</row>'


@functools.cache
def _letters(count) -> list[str]:
    """The letters of the first `count` columns: A, B, … Z, AA, AB, …"""
    return [get_column_letter(n) for n in range(1, count + 1)]


def _cell_xml(ref, value) -> str:
    """One cell's XML: a date, a number, text (inline), or "" for text left empty."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return f'<c r="{ref}" s="1"><v>{(value - EPOCH).days}</v></c>'
    value = neutralise(NOT_XML.sub("", value) if isinstance(value, str) else value)
    if not isinstance(value, str) and (isinstance(value, int) or math.isfinite(value)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = str(value)
    if not text:
        return ""
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'

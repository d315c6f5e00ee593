"""Reading an uploaded CSV file for an import (X-3): bytes → text → rows, within limits.

Every import reads its file through here, so that any bytes at all give, quickly, either rows
or an Unreadable error whose message (in the active language) tells the person what to do:
- the size is checked before anything else, the rows and the length of each value while
  reading, so a huge or broken file stops at the first limit instead of being read to its end;
- the encoding: UTF-8 (with or without a byte-order mark), UTF-16 (the "Unicode text" of
  spreadsheets), Windows-1252 (what Excel on Windows writes as "CSV"), told apart by
  charset-normalizer; Mac Roman for a file whose lines end with CR alone, as Excel for Mac's
  "CSV (Macintosh)" writes them;
- lines may end with CR LF, LF or CR;
- the separator (; , tab |) is the one the header row uses most.

`read_table` also reads an Excel workbook (.xlsx: the first sheet, through openpyxl in read-only
mode), within the same limits and with the same messages, for the imports that take both.
"""

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import openpyxl
from charset_normalizer import from_bytes
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from portico.core.numbers import format_number

SEPARATORS = ";,\t|"
# What spreadsheets write besides UTF-8, checked in this order when a file is not UTF-8.
ENCODINGS = ["utf_16", "utf_16_le", "utf_16_be", "cp1252"]
SPREADSHEETS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx / .ods (zip), .xls (OLE)
ZIP, OLE = SPREADSHEETS
# A workbook is a zip: what its parts may grow to when unpacked, against a "zip bomb".
UNPACKED_RATIO = 40
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class Unreadable(Exception):
    """The file cannot be read as a table: `message` says why in the active language; `row` is
    the row where reading stopped (the header being 1), or None for the whole file."""

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.message, self.row = message, row


@dataclass(frozen=True)
class Limits:
    size: int = 2 * 1024 * 1024  # bytes of the file
    rows: int = 5000  # rows after the header, empty ones not counted
    value: int = 2000  # characters of one value


def read(data: bytes, limits: Limits) -> tuple[str, Iterator[tuple[int, list[str]]]]:
    """The file's text, and its rows as (row number, values): the header first, as row 1, then
    every row with a value. Raises Unreadable, here for the bytes and while iterating for the
    rows (past limits.rows, a value longer than limits.value, a broken quote)."""
    text = decode(data, limits)
    return text, rows(text, limits)


def decode(data: bytes, limits: Limits) -> str:
    """The text of `data`, its line ends made LF. Raises Unreadable."""
    if len(data) > limits.size:
        raise Unreadable(
            _("This file is larger than %(size)s.") % {"size": filesizeformat(limits.size)}
        )
    if not data.strip():
        raise Unreadable(_("This file is empty."))
    if data.startswith(SPREADSHEETS):
        raise Unreadable(
            _(
                "This is a spreadsheet workbook, not a CSV file. In your spreadsheet, save it "
                "as “CSV UTF-8” and import it again."
            )
        )
    text = _text(data)
    if text is None or "\x00" in text:
        raise Unreadable(
            _(
                "The file is not text that can be read. In your spreadsheet, save it as "
                "“CSV UTF-8” and import it again."
            )
        )
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _text(data):
    """`data` decoded, or None when no encoding of ENCODINGS reads it as text."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\r" in data and b"\n" not in data and b"\x00" not in data:
        return data.decode("mac_roman")
    best = from_bytes(data, cp_isolation=ENCODINGS).best()
    return None if best is None else str(best)


def separator(text: str) -> str:
    """The separator the header row uses most (a comma when it has none)."""
    header = text.split("\n", 1)[0]
    found = max(SEPARATORS, key=header.count)
    return found if header.count(found) else ","


def rows(text: str, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    """(row number, values) of `text`'s header and of each row with a value. Raises Unreadable
    while iterating."""

    class Dialect(csv.excel):
        delimiter = separator(text)

    reader = csv.reader(io.StringIO(text, newline=""), Dialect)
    number, counted = 0, -1
    while True:
        number += 1
        try:
            values = next(reader, None)
        except csv.Error as error:  # past csv's own field limit (128 KB), or a broken quote
            if "field limit" in str(error):
                raise Unreadable(_too_long(limits), number) from None
            raise Unreadable(
                _("This row cannot be read: check its quotation marks."), number
            ) from None
        if values is None:
            return
        if not any(value.strip() for value in values):
            continue
        if any(len(value) > limits.value for value in values):
            raise Unreadable(_too_long(limits), number)
        counted += 1
        if counted > limits.rows:
            raise Unreadable(
                _("The file has more than %(rows)s rows: split it and import each part.")
                % {"rows": format_number(limits.rows)}
            )
        yield number, values


def _too_long(limits):
    return _(
        "A value is longer than %(length)s characters: check that its quotation marks are closed."
    ) % {"length": format_number(limits.value)}


def read_table(data: bytes, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    """The rows of a CSV file or of an .xlsx workbook's first sheet, as `rows` gives them (the
    header as row 1, then every row with a value, every value a string). Raises Unreadable,
    here for the bytes and while iterating for the rows."""
    if len(data) > limits.size:
        decode(data, limits)  # the size message
    if data.startswith(ZIP):
        return _workbook_rows(_workbook(data, limits), limits)
    if data.startswith(OLE):
        raise Unreadable(
            _(
                "This is an old Excel workbook (.xls). In your spreadsheet, save it as "
                "“Excel workbook (.xlsx)” or “CSV UTF-8” and import it again."
            )
        )
    return rows(decode(data, limits), limits)


def _not_a_workbook():
    return Unreadable(
        _(
            "This file is neither a CSV file nor an Excel workbook (.xlsx). In your "
            "spreadsheet, save it as “Excel workbook (.xlsx)” or “CSV UTF-8” and import it again."
        )
    )


def _workbook(data, limits):
    """The open workbook of `data`; its unpacked size checked before openpyxl reads it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise _not_a_workbook() from None
    if "xl/workbook.xml" not in names:
        raise _not_a_workbook()
    if unpacked > limits.size * UNPACKED_RATIO:
        raise Unreadable(
            _("This file is larger than %(size)s.") % {"size": filesizeformat(limits.size)}
        )
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises whatever its XML and zip readers raise on broken parts
        raise _not_a_workbook() from None


def _workbook_rows(workbook, limits):
    """(row number, values) of the first sheet's rows with a value, as `rows` gives them."""
    try:
        sheet = workbook.worksheets[0]
        counted = -1
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = [cell_text(value) for value in cells]
            while values and not values[-1]:
                values.pop()
            if not any(value.strip() for value in values):
                continue
            if any(len(value) > limits.value for value in values):
                raise Unreadable(_too_long(limits), number)
            counted += 1
            if counted > limits.rows:
                raise Unreadable(
                    _("The file has more than %(rows)s rows: split it and import each part.")
                    % {"rows": format_number(limits.rows)}
                )
            yield number, values
    except Unreadable:
        raise
    except Exception:  # a part openpyxl cannot parse, met only while reading the rows
        raise _not_a_workbook() from None
    finally:
        workbook.close()


def cell_text(value) -> str:
    """A workbook cell as the text a CSV file would hold: dates as YYYY-MM-DD, whole numbers
    without ".0", booleans as TRUE/FALSE, an empty cell as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

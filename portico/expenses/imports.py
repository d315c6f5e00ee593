"""Reading a card or bank export (E-1): the column mapping of docs/IMPORT-EXPENSES.md.

`parse()` writes nothing: it gives the rows it understood and every problem it found, row by
row, in the active language. The import action writes only when there is no problem at all.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from portico.core.text import fold
from portico.expenses.models import Category

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
COLUMNS = {
    "date": "date, fecha, fecha operacion, fecha valor, date operation, transaction date",
    "merchant": "merchant, comercio, commercant, marchand, concepto, libelle, payee, description",
    "amount": "amount, importe, montant, cantidad",
    "currency": "currency, moneda, divisa, devise",
    "category": "category, categoria, categorie",
    "note": "note, notes, nota, comment, comentario, commentaire",
}
REQUIRED = ("date", "merchant", "amount")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%d/%m/%y")
SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP"}
# (pattern, thousands separator): 12,50 · 12.50 · 1,234.50 · 1.234,50 · 1,234,567 · 1.234.567
AMOUNT_FORMS = [
    (r"\d+([.,]\d{1,2})?", " "),
    (r"\d{1,3}(,\d{3})+\.\d{1,2}|\d{1,3}(,\d{3}){2,}", ","),
    (r"\d{1,3}(\.\d{3})+,\d{1,2}|\d{1,3}(\.\d{3}){2,}", "."),
]
CURRENCY = re.compile(r"^[A-Z]{3}$")


def _key(text):
    return " ".join(re.sub(r"[_\-.]", " ", fold(text)).split())


HEADERS = {_key(name): column for column, names in COLUMNS.items() for name in names.split(",")}


@dataclass(frozen=True)
class Problem:
    row: int | None  # the line in the file, the header being 1; None for the whole file
    message: str


@dataclass(frozen=True)
class ExpenseRow:
    row: int
    spent_on: date
    merchant: str
    amount: Decimal
    currency: str
    category: str
    note: str


@dataclass
class Parsed:
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return bool(self.rows) and not self.problems


def parse(data: bytes, *, default_currency: str) -> Parsed:
    parsed = Parsed()
    text = _decode(data, parsed)
    if text is None:
        return parsed
    lines = list(csv.reader(io.StringIO(text), dialect=_dialect(text)))
    mapping = _mapping(lines[0] if lines else [], parsed)
    if mapping is None:
        return parsed
    context = {"default_currency": default_currency, "categories": _category_names()}
    for number, cells in enumerate(lines[1:], start=2):
        if any(cell.strip() for cell in cells):
            _parse_row(number, cells, mapping, context, parsed)
    if not parsed.rows and not parsed.problems:
        parsed.problems.append(Problem(None, _("The file has no expense rows.")))
    elif len(parsed.rows) + len(parsed.problems) > MAX_ROWS:
        parsed.problems.insert(
            0, Problem(None, _("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
        )
    return parsed


def _decode(data, parsed):
    if len(data) > MAX_BYTES:
        parsed.problems.append(Problem(None, _("The file is larger than 2 MB.")))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = b"\x00"  # UTF-16: the "Unicode text" of spreadsheets, refused below
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    parsed.problems.append(
        Problem(
            None,
            _(
                "The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8” "
                "and import it again."
            ),
        )
    )
    return None


def _dialect(text):
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t|", key=first.count)

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter if first.count(delimiter) else ","
    return Dialect


def _mapping(header, parsed):
    """{column: index} from the header row, or None (with the problem) when it cannot be read."""
    mapping = {}
    for index, name in enumerate(header):
        column = HEADERS.get(_key(name))
        if column and column in mapping:
            parsed.problems.append(
                Problem(1, _("The column “%(name)s” appears twice.") % {"name": name.strip()})
            )
            return None
        if column:
            mapping[column] = index
    missing = [c for c in REQUIRED if c not in mapping]
    if missing:
        found = ", ".join(f"“{h.strip()}”" for h in header if h.strip()) or "—"
        message = _("Missing columns: %(missing)s. Columns found: %(found)s.") % {
            "missing": ", ".join(missing),
            "found": found,
        }
        parsed.problems.append(Problem(1, message))
        return None
    return mapping


def _parse_row(number, cells, mapping, context, parsed):
    def cell(column):
        index = mapping.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    errors = []
    if any(i >= len(cells) for i in mapping.values()):
        errors.append(_("it has fewer values than the header has columns"))
    spent_on = parse_date(cell("date"), errors)
    merchant = cell("merchant")
    if not merchant:
        errors.append(_("the merchant is empty"))
    elif len(merchant) > 200:
        errors.append(_("the merchant is longer than 200 characters"))
    amount = parse_amount(cell("amount"), errors)
    currency = parse_currency(cell("currency"), context["default_currency"], errors)
    category = parse_category(cell("category"), context["categories"], errors)
    note = cell("note")
    if len(note) > 500:
        errors.append(_("the note is longer than 500 characters"))
    if errors:
        parsed.problems.append(Problem(number, "; ".join(errors)))
    else:
        parsed.rows.append(ExpenseRow(number, spent_on, merchant, amount, currency, category, note))


def parse_date(text, errors):
    if not text:
        errors.append(_("the date is empty"))
        return None
    candidate = text[:10] if re.match(r"^\d{4}-\d\d-\d\d[T ]", text) else text
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(candidate, pattern).date()
        except ValueError:
            continue
    errors.append(
        _("“%(value)s” is not a date (use DD/MM/YYYY or YYYY-MM-DD)") % {"value": text[:40]}
    )
    return None


def parse_amount(text, errors):
    """Decimal comma or dot, with or without thousands separators; the sign is dropped. A lone
    separator followed by three digits ("1.234") is ambiguous, so it is refused, not guessed."""
    cleaned = re.sub(r"[\s\u00a0\u202f'€$£]", "", text)
    if cleaned.startswith("(") and cleaned.endswith(")"):
        cleaned = cleaned[1:-1]
    cleaned = cleaned.removeprefix("-").removeprefix("+").removesuffix("-")
    value = None
    for pattern, thousands in AMOUNT_FORMS:
        if re.fullmatch(pattern, cleaned):
            value = Decimal(cleaned.replace(thousands, "").replace(",", "."))
            break
    if not text:
        errors.append(_("the amount is empty"))
    elif value is None or value == 0:
        errors.append(
            _("“%(value)s” is not an amount (for example 12.50 or 12,50)") % {"value": text[:40]}
        )
    elif value >= Decimal("10000000000"):
        errors.append(_("the amount is too large"))
    else:
        return value
    return None


def parse_currency(text, default, errors):
    if not text:
        return default
    code = SYMBOLS.get(text, text.upper())
    if not CURRENCY.match(code):
        errors.append(
            _("“%(value)s” is not a currency code (for example EUR)") % {"value": text[:20]}
        )
        return None
    return code


def _category_names():
    names = {}
    for language in ("en", "es", "fr"):
        with translation.override(language):
            for category in Category:
                names[fold(str(category.label))] = category.value
    return names


def parse_category(text, names, errors):
    if not text:
        return ""
    found = names.get(fold(text)) or (fold(text) if fold(text) in Category.values else None)
    if found is None:
        choices = ", ".join(str(c.label) for c in Category)
        errors.append(
            _("the category “%(value)s” is unknown (use one of: %(choices)s)")
            % {"value": text[:40], "choices": choices}
        )
        return ""
    return found

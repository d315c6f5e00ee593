"""Reading a card or bank export (E-1): the column mapping of docs/IMPORT-EXPENSES.md.

`parse()` writes nothing: it gives the rows it understood and every problem it found, row by
row, in the active language. The import action writes only when there is no problem at all.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from portico.core import numbers, tabular
from portico.core.text import fold
from portico.expenses.models import Category

LIMITS = tabular.Limits(size=2 * 1024 * 1024, rows=5000, value=2000)
COLUMNS = {
    "date": "date, fecha, fecha operacion, fecha valor, date operation, transaction date",
    "merchant": "merchant, comercio, commercant, marchand, concepto, libelle, payee, description",
    "amount": "amount, importe, montant, cantidad",
    "currency": "currency, moneda, divisa, devise",
    "category": "category, categoria, categorie",
    "note": "note, notes, nota, comment, comentario, commentaire",
}
REQUIRED = ("date", "merchant", "amount")
# YYYY-MM-DD, YYYY/MM/DD (a time after it ignored); DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY; DD/MM/YY.
# Matched with expressions rather than strptime, which costs 60 µs a try: six tries on each of
# 5,000 bad rows took more than a second.
DATES = [
    (re.compile(r"(?P<y>\d{4})([-/])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?:[T ].*)?"), 1),
    (re.compile(r"(?P<d>\d{1,2})([-/.])(?P<m>\d{1,2})\2(?P<y>\d{4})"), 1),
    (re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{2})"), 100),
]
SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP"}
LARGEST = Decimal("10000000000")
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
    text: str = ""

    @property
    def ok(self):
        return bool(self.rows) and not self.problems


def parse(data: bytes, *, default_currency: str) -> Parsed:
    """The rows and problems of a CSV file (any bytes: never an exception). A file that cannot
    be read (tabular.Unreadable) gives only that problem; `text` is the decoded file."""
    parsed = Parsed()
    try:
        parsed.text, records = tabular.read(data, LIMITS)
        _, header = next(records, (1, []))
        mapping = _mapping(header, parsed)
        if mapping is None:
            return parsed
        context = {"default_currency": default_currency, "categories": _category_names()}
        for number, cells in records:
            _parse_row(number, cells, mapping, context, parsed)
    except tabular.Unreadable as error:
        parsed.rows, parsed.problems = [], [Problem(error.row, error.message)]
        return parsed
    if not parsed.rows and not parsed.problems:
        parsed.problems.append(Problem(None, _("The file has no expense rows.")))
    return parsed


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
    for pattern, century in DATES:
        if found := pattern.fullmatch(text):
            year = int(found["y"])
            if century == 100:  # as strptime's %y: 69–99 are the 1900s, 00–68 the 2000s
                year += 1900 if year >= 69 else 2000
            try:
                return date(year, int(found["m"]), int(found["d"]))
            except ValueError:
                break
    errors.append(
        _("“%(value)s” is not a date (use DD/MM/YYYY or YYYY-MM-DD)") % {"value": text[:40]}
    )
    return None


def parse_amount(text, errors):
    """An amount with a decimal comma or dot, read by core.numbers.parse_decimal (the file's
    convention is unknown: an ambiguous "1.234" is refused, not guessed); at most two decimals.
    The sign is dropped, as banks write expenses either way: "-12,50", "(12.50)", "12,50-"."""
    if not text:
        errors.append(_("the amount is empty"))
        return None
    cleaned = text.removesuffix("-")
    if cleaned.startswith("(") and cleaned.endswith(")"):
        cleaned = cleaned[1:-1]
    try:
        value = abs(numbers.parse_decimal(cleaned))
    except numbers.NumberError as error:
        if error.code == "ambiguous":
            errors.append(
                _(
                    "“%(value)s” could be read two ways: write it with two decimals "
                    "(for example 1.234,00 or 1,234.00)"
                )
                % {"value": text[:40]}
            )
            return None
        value = None
    if value is None or value == 0 or value.as_tuple().exponent < -2:
        errors.append(
            _("“%(value)s” is not an amount (for example 12.50 or 12,50)") % {"value": text[:40]}
        )
    elif value >= LARGEST:
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

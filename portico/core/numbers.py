"""Numbers and money in the user's locale, with Babel: the one parser for what people type and
what imports read, and the one formatter for what pages and emails show.

A number can be written two ways: with a decimal comma ("1.234,56", "1 234,56": Spanish,
French) or with a decimal point ("1,234.56": English). parse_decimal reads the text both ways,
with Babel's strict parser, and accepts it only when the readings agree: "12,50" and "12.50"
are read alike whatever the language, while "1.234" (1234 or 1.234?) is refused, never guessed.
So the same text never means two different amounts to two people.
"""

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import (
    NumberFormatError,
    format_decimal,
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
)
from babel.numbers import parse_decimal as babel_parse_decimal
from django.conf import settings
from django.utils import translation

# The two ways of writing numbers, each read by a locale that writes it: decimal comma (es, fr),
# decimal point (en).
CONVENTIONS = ("es", "en")
# Marks people put between groups of digits and never use as a decimal mark.
SPACES = " \u00a0\u202f\u2009\u2007'\u2019"
MINUS = "\u2212\u2012\u2013\u2014\ufe63\uff0d"
# A sign, then a currency sign before or after the number: "12,50 €", "-€1,234.50".
AROUND = re.compile(r"\s*([+-]?)\s*[€$£]?\s*(.*?)\s*[€$£]?\s*", re.DOTALL)
LONGEST = 40  # characters: no amount needs more
WRITTEN = re.compile(r"[+-]?[0-9][0-9.,]*|[+-]?[.,][0-9]+")


class NumberError(ValueError):
    """Text that is not one number. `code` says why: "invalid" (no way of writing numbers reads
    it) or "ambiguous" (the two ways read two different numbers, in `readings`)."""

    def __init__(self, code: str, text: str, readings=()):
        super().__init__(f"{code}: {text!r}")
        self.code, self.text, self.readings = code, text, tuple(readings)


def current_locale() -> str:
    """The Babel locale of the active language ("es", "fr", "en")."""
    return translation.to_locale(translation.get_language() or settings.LANGUAGE_CODE)


@lru_cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def _read(text: str, locale: str) -> Decimal | None:
    """`text` read as `locale` writes numbers, any space standing for its group mark; None when
    it does not read it (Babel's strict parser also checks that groups have three digits)."""
    group = get_group_symbol(locale)
    grouped = "".join(group if c in SPACES else c for c in text)
    try:
        return babel_parse_decimal(grouped, locale=locale, strict=True)
    except NumberFormatError:
        return None


def parse_decimal(text: str) -> Decimal:
    """The number `text` writes, as a Decimal: "12,50", "1.234,56", "1 234,56" (any space, the
    no-break ones included), "12.50", "1,234.56"; a sign and a currency sign (€ $ £) may stand
    around it. Read with a decimal comma and with a decimal point (Babel, strict), and accepted
    when the readings agree or only one reads it, whatever the language of the page.

    Raises NumberError: code "invalid" when neither reads it, "ambiguous" when they read two
    values ("1.234", "1,234": a thousands group, or three decimals)."""
    cleaned = "".join("-" if c in MINUS else c for c in unicodedata.normalize("NFKC", text))
    sign, number = AROUND.fullmatch(cleaned).groups()
    cleaned = sign + number
    compact = "".join(c for c in cleaned if c not in SPACES)
    if len(cleaned) > LONGEST or not WRITTEN.fullmatch(compact):
        raise NumberError("invalid", text)
    readings = [r for r in (_read(cleaned, c) for c in CONVENTIONS) if r is not None]
    if not readings:
        raise NumberError("invalid", text)
    if len(set(readings)) > 1:
        raise NumberError("ambiguous", text, readings)
    return readings[0]


def format_amount(value, places: int = 2, locale: str | None = None) -> str:
    """`value` with `places` decimals and the locale's groups: "1.234,50" (es),
    "1 234,50" (fr, a narrow no-break space), "1,234.50" (en). parse_decimal reads it back."""
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(
        Decimal(value), format=pattern, locale=_locale(locale or current_locale())
    )


def format_number(value, locale: str | None = None) -> str:
    """`value` with the locale's groups and every decimal it has: "1.234,5" (es)."""
    value = Decimal(value)
    return format_amount(value, max(0, -value.as_tuple().exponent), locale)


def format_input(value, locale: str | None = None) -> str:
    """`value` as a person edits it: the locale's decimal mark, no groups ("1234,5" in es).
    Exactly three decimals get a fourth zero ("1,2340"), which no thousands group has, so
    parse_decimal reads it back as the same number rather than as ambiguous."""
    value = Decimal(value)
    places = max(0, -value.as_tuple().exponent)
    places += places == 3
    pattern = "0" + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern, locale=_locale(locale or current_locale()))


def format_money(value, currency: str, locale: str | None = None) -> str:
    """An amount with its currency as the locale writes it: "1.234,50 €" (es), "1 234,50 €"
    (fr), "€1,234.50" (en); "" for None. Never through a float.

    Babel's own format_currency costs ~40 µs, ~2 ms for a page of 50 wallets: the locale's
    pattern and the currency's symbol are read from Babel once, and the digits written by
    Python's format (equal to format_currency for every amount: tests/test_numbers.py)."""
    if value is None:
        return ""
    value = Decimal(value)
    positive, negative, suffix, places, group, decimal = _money_pattern(
        locale or current_locale(), currency
    )
    digits = f"{abs(value):,.{places}f}".translate({44: group, 46: decimal})  # , and .
    return f"{negative if value < 0 else positive}{digits}{suffix}"


@lru_cache(maxsize=256)
def _money_pattern(locale: str, currency: str):
    """(prefix, negative prefix, suffix, decimals, group mark, decimal mark) for `currency`'s
    amounts in `locale`, from Babel's standard currency pattern (groups of three)."""
    babel_locale = _locale(locale)
    pattern = babel_locale.currency_formats["standard"]
    symbol = get_currency_symbol(currency, babel_locale)
    (prefix, negative), (suffix, _) = pattern.prefix, pattern.suffix
    return (
        prefix.replace("¤", symbol),
        negative.replace("¤", symbol),
        suffix.replace("¤", symbol),
        get_currency_precision(currency),
        get_group_symbol(babel_locale),
        get_decimal_symbol(babel_locale),
    )

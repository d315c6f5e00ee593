"""Dates and times in the user's locale, with Babel: the one formatter for what pages and emails
show and the one parser for the dates people type.

Portico's languages write dates day before month: es-ES "3/2/2026", fr-FR "03/02/2026", and its
English is British English (en-GB) "03/02/2026", with the 24-hour clock ("08:07"). Aware
datetimes are shown in the zone they carry (callers convert them to the firm's zone first;
templates through Django's `timezone` tag or filter, which the filters below respect).
"""

import re
from datetime import date, datetime, time
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from django.conf import settings
from django.utils.translation import get_language, pgettext

# The Babel locale of each language: Portico's English is British English (day before month).
LOCALES = {"en": "en_GB", "es": "es_ES", "fr": "fr_FR"}
# The parts of a date people type, between any of these marks: "29/11/2026", "29.11.2026".
TYPED = re.compile(r"\s*(\d{1,4})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{1,4})\s*")
ISO = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")


class DateError(ValueError):
    """Text that is not a date in the locale's order nor ISO 8601."""

    def __init__(self, text: str):
        super().__init__(f"not a date: {text!r}")
        self.text = text


def language_locale(language: str | None) -> Locale:
    """The Babel locale of a language code ("es", "fr", "en", "en-gb"…): en_GB for English and
    anything unknown."""
    return _locale(LOCALES.get((language or settings.LANGUAGE_CODE)[:2], "en_GB"))


@lru_cache(maxsize=8)
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def locale() -> Locale:
    """The Babel locale of the active language."""
    return language_locale(get_language())


def numeric_date(day: date) -> str:
    """ "29/11/2026", "03/02/2026": the locale's numeric date (its order and marks), with two-digit
    days and months so that dates line up in a column (es-ES's own pattern writes "3/2/2026")."""
    return format_date(day, numeric_pattern(locale()), locale=locale())


@lru_cache(maxsize=8)
def numeric_pattern(place: Locale) -> str:
    """The locale's yMd pattern with days and months on two digits: "dd/MM/y"."""
    pattern = place.datetime_skeletons["yMd"].pattern
    return re.sub(r"d+", "dd", re.sub(r"M+", "MM", pattern))


def medium_date(day: date) -> str:
    """ "14 mar 2026", "14 mars 2026", "14 Mar 2026"."""
    return format_date(day, "medium", locale=locale())


def long_date(day: date) -> str:
    """ "14 de marzo de 2026", "14 mars 2026", "14 March 2026"."""
    return format_date(day, "long", locale=locale())


def clock(moment: datetime | time) -> str:
    """ "9:30", "09:30", "09:30": the locale's short time (24-hour in all three)."""
    return format_time(moment, "short", locale=locale())


def numeric_datetime(moment: datetime) -> str:
    """ "29/11/2026, 8:07" (es), "29/11/2026 08:07" (fr), "29/11/2026, 08:07" (en-GB): the
    numeric date and the short time joined by the locale's pattern."""
    pattern = locale().datetime_formats["short"]
    return pattern.replace("{1}", numeric_date(moment)).replace("{0}", clock(moment))


def month_title(day: date) -> str:
    """ "marzo de 2026", "mars 2026", "March 2026"."""
    return format_skeleton("yMMMM", day, locale=locale())


def order() -> str:
    """The order of day, month and year in the locale's numeric date: "dMy" in all three."""
    pattern = numeric_pattern(locale())
    return "".join(dict.fromkeys(c for c in pattern if c in "dMy"))


def placeholder() -> str:
    """What a date box shows empty, in the locale's order: "dd/mm/aaaa", "jj/mm/aaaa",
    "dd/mm/yyyy"."""
    parts = {
        "d": pgettext("date placeholder", "dd"),
        "M": pgettext("date placeholder", "mm"),
        "y": pgettext("date placeholder", "yyyy"),
    }
    return "/".join(parts[c] for c in order())


def parse_date(text: str) -> date:
    """The date `text` writes: in the locale's order with /, ., - or spaces between the parts
    ("29/11/2026", "29.11.26"), or ISO 8601 ("2026-11-29"). A two-digit year is read as
    strptime's %y does (69–99 the 1900s, 00–68 the 2000s).

    Raises DateError when it is neither, or names a day the calendar hasn't (31/02/2026)."""
    try:
        iso = ISO.fullmatch(text)
        if iso:
            return date(*map(int, iso.groups()))
        typed = TYPED.fullmatch(text)
        if typed:
            parts = dict(zip(order(), typed.groups(), strict=True))
            return date(_year(parts["y"]), int(parts["M"]), int(parts["d"]))
    except ValueError:
        pass
    raise DateError(text)


def _year(text: str) -> int:
    if len(text) == 2:
        year = int(text)
        return year + (1900 if year >= 69 else 2000)
    if len(text) != 4:
        raise ValueError(text)
    return int(text)

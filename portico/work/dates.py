"""Dates and times of the calendar: in the firm's time zone, written in the user's locale with
Babel (es, fr and en-GB: day before month; weeks start on Monday in all three)."""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from django.utils.translation import get_language

# Portico's English is British English (day before month).
LOCALES = {"en": "en_GB", "es": "es_ES", "fr": "fr_FR"}


@lru_cache(maxsize=8)
def _locale(code: str) -> Locale:
    return Locale.parse(LOCALES.get(code, "en_GB"))


def locale() -> Locale:
    """The Babel locale of the active language."""
    return _locale((get_language() or "en")[:2])


def zone(firm) -> ZoneInfo:
    return ZoneInfo(firm.time_zone)


def local(moment: datetime, firm) -> datetime:
    return moment.astimezone(zone(firm))


def at(day: date, clock: time, firm) -> datetime:
    """The aware datetime of a wall-clock time on `day` in the firm's zone."""
    return datetime.combine(day, clock, tzinfo=zone(firm))


def today(firm) -> date:
    return datetime.now(zone(firm)).date()


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def day_title(day: date) -> str:
    """ "Sábado, 14 de marzo de 2026", "samedi 14 mars 2026", "Saturday, 14 March 2026"."""
    return capitalised(format_date(day, "full", locale=locale()))


def month_title(day: date) -> str:
    """ "Marzo de 2026", "Mars 2026", "March 2026"."""
    return capitalised(format_skeleton("yMMMM", day, locale=locale()))


def short_date(day: date) -> str:
    """ "14/3/26", "14/03/2026", "14/03/2026": the locale's short date."""
    return format_date(day, "short", locale=locale())


def medium_date(day: date) -> str:
    """ "14 mar 2026", "14 mars 2026", "14 Mar 2026"."""
    return format_date(day, "medium", locale=locale())


def clock(moment: datetime | time) -> str:
    """ "9:30", "09:30", "09:30"."""
    return format_time(moment, "short", locale=locale())


def weekdays() -> list[str]:
    """The abbreviated weekday names in the order the locale's weeks run."""
    names = locale().days["format"]["abbreviated"]
    first = locale().first_week_day
    return [names[(first + i) % 7] for i in range(7)]


def month_grid(day: date) -> list[list[date]]:
    """The weeks (lists of 7 dates) that show `day`'s month, starting on the locale's first day
    of the week: 4 to 6 weeks."""
    first = day.replace(day=1)
    start = first - timedelta(days=(first.weekday() - locale().first_week_day) % 7)
    weeks = []
    while not weeks or weeks[-1][-1] < last_of_month(first):
        weeks.append([start + timedelta(days=7 * len(weeks) + i) for i in range(7)])
    return weeks


def last_of_month(day: date) -> date:
    return add_months(day.replace(day=1), 1) - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), on the month's last day when it has fewer."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    first = date(year, month + 1, 1)
    following = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return first.replace(day=min(day.day, (following - first).days))

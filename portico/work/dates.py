"""Dates and times of the calendar: in the firm's time zone, written in the user's locale with
Babel through core/dates.py (es, fr and en-GB: day before month; weeks start on Monday in all
three)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date

from portico.core import dates as core_dates
from portico.core.dates import clock, locale, medium_date

__all__ = ["clock", "medium_date"]  # the calendar's pages write these through this module


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
    return capitalised(core_dates.month_title(day))


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

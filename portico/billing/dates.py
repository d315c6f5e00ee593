"""Dates in the firm's time zone: what "today" and "this month" mean for a firm's invoices."""

from datetime import date
from zoneinfo import ZoneInfo

from django.utils import timezone


def today(firm, now=None) -> date:
    """The firm's local date at `now` (default: now): Overdue starts after midnight there."""
    return timezone.localtime(now or timezone.now(), ZoneInfo(firm.time_zone)).date()


def year_start(day: date) -> date:
    return day.replace(month=1, day=1)


def month_bounds(day: date) -> tuple[date, date]:
    """The first and last day of `day`'s month."""
    first = day.replace(day=1)
    following = first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)
    return first, date.fromordinal(following.toordinal() - 1)

"""Repeating tasks (T-1): a series' rule as an RFC 5545 recurrence, expanded by dateutil's rrule.

Rules run in the firm's wall-clock time (a weekly 09:00 meeting stays at 09:00 across a change of
daylight saving time), so they are expanded from a naive local start."""

from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import islice

from dateutil import rrule
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portico.work.models import Frequency

MAX_OCCURRENCES = 1000

FREQUENCIES = {
    Frequency.DAILY: rrule.DAILY,
    Frequency.WEEKLY: rrule.WEEKLY,
    Frequency.MONTHLY: rrule.MONTHLY,
    Frequency.MONTHLY_WEEKDAY: rrule.MONTHLY,
}


class Unbounded(ValueError):
    """A rule with no end, or more than MAX_OCCURRENCES occurrences."""


@dataclass(frozen=True)
class Repeat:
    frequency: str
    interval: int = 1
    until: date | None = None
    count: int | None = None


def rule(repeat: Repeat, start: datetime) -> rrule.rrule:
    """The rrule of `repeat` from the naive local datetime `start`. "Monthly on the same weekday"
    takes the start's place in its month: the 2nd Tuesday, or the last one for a 5th."""
    options = {"dtstart": start, "interval": repeat.interval}
    if repeat.frequency == Frequency.MONTHLY_WEEKDAY:
        nth = (start.day - 1) // 7 + 1
        options["byweekday"] = rrule.weekday(start.weekday(), -1 if nth == 5 else nth)
    if repeat.count:
        options["count"] = repeat.count
    if repeat.until:
        options["until"] = datetime.combine(repeat.until, time.max)
    return rrule.rrule(FREQUENCIES[repeat.frequency], **options)


def occurrences(repeat: Repeat, start: datetime) -> list[datetime]:
    """The naive local start of every occurrence, the first one `start` itself when it matches the
    rule. Raises Unbounded for a rule without an end or with more than MAX_OCCURRENCES."""
    if not repeat.count and not repeat.until:
        raise Unbounded
    found = list(islice(rule(repeat, start), MAX_OCCURRENCES + 1))
    if len(found) > MAX_OCCURRENCES:
        raise Unbounded
    return found


def describe(series, until_text="") -> str:
    """How a series repeats, in the active language ("Every 2 weeks, 10 times");
    `until_text` is its end date as the page shows dates."""
    n = series.interval
    every = {
        Frequency.DAILY: ngettext("Every day", "Every %(n)d days", n),
        Frequency.WEEKLY: ngettext("Every week", "Every %(n)d weeks", n),
        Frequency.MONTHLY: ngettext("Every month", "Every %(n)d months", n),
        Frequency.MONTHLY_WEEKDAY: ngettext(
            "Every month on the same weekday", "Every %(n)d months on the same weekday", n
        ),
    }[series.frequency] % {"n": n}
    if series.count:
        end = ngettext("%(count)d time", "%(count)d times", series.count) % {"count": series.count}
    else:
        end = _("until %(date)s") % {"date": until_text}
    return f"{every}, {end}"

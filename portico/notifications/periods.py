"""When digests are due (N-3), in the firm's time zone: daily at 10:00, weekly on Mondays at
10:00, monthly on the first Monday of the month at 10:00. A period is named by the local date
it starts on; wall-clock local time is compared, so daylight saving changes nothing."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from portico.notifications.models import Frequency

SEND_AT = time(10, 0)
MONDAY = 0


def local(now: datetime, zone: str) -> datetime:
    return now.astimezone(ZoneInfo(zone))


def first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(MONDAY - first.weekday()) % 7)


def latest_period(frequency: str, now: datetime, zone: str) -> date:
    """The local date of the latest sending time at or before `now`."""
    moment = local(now, zone)
    today, reached = moment.date(), moment.time() >= SEND_AT
    if frequency == Frequency.DAILY:
        return today if reached else today - timedelta(days=1)
    if frequency == Frequency.WEEKLY:
        monday = today - timedelta(days=today.weekday())
        return monday if (monday < today or reached) else monday - timedelta(days=7)
    candidate = first_monday(today.year, today.month)
    if candidate < today or (candidate == today and reached):
        return candidate
    previous = today.replace(day=1) - timedelta(days=1)
    return first_monday(previous.year, previous.month)


def next_monday(now: datetime, zone: str) -> date:
    """A new subscription starts with the next Monday at 10:00 (today, if it is Monday before
    10:00)."""
    moment = local(now, zone)
    days = (MONDAY - moment.weekday()) % 7
    if days == 0 and moment.time() >= SEND_AT:
        days = 7
    return moment.date() + timedelta(days=days)


def first_sending(frequency: str, starts_on: date) -> date:
    """The local date of a subscription's first digest: `starts_on` (a Monday) when daily or
    weekly; when monthly, the first Monday of a month on or after it (N-3)."""
    if frequency != Frequency.MONTHLY:
        return starts_on
    candidate = first_monday(starts_on.year, starts_on.month)
    if candidate >= starts_on:
        return candidate
    next_month = (starts_on.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first_monday(next_month.year, next_month.month)

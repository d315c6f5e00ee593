"""Tasks for tests, written through the real action (work.actions.create_task)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from portico.work import actions
from portico.work.models import Kind


def at(day: date, clock: time | str, zone="Europe/Paris") -> datetime:
    if isinstance(clock, str):
        clock = time.fromisoformat(clock)
    return datetime.combine(day, clock, tzinfo=ZoneInfo(zone))


def make_task(member, day, clock="09:00", minutes=60, account=None, assignee=None, **fields):
    """One task (or a series' tasks with `repeat`) created by `member`; returns the first."""
    starts_at = at(day, clock, member.firm.time_zone)
    values = {
        "kind": Kind.TASK,
        "colour": "#1a73e8",
        "title": "Revisar IVA",
        "account": account,
        "assignee": assignee or member,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=minutes),
    }
    values.update(fields)
    return actions.create_task(member=member, **values)[0]

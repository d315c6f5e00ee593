"""Writes to tasks (T-1 … T-5): keyword-only, each in one transaction with its History event.

Bad input raises ValidationError with a translated message and a code naming what is wrong
("ends", "account", "assignee", "repeat", "colour"), and writes nothing. A task the member may not
see raises PermissionDenied (views answer 404 before getting here). Every change bumps the task's
SEQUENCE and writes its VEVENT again, so calendar apps following the feed update it."""

import secrets
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portico.clients.queries import visible_accounts
from portico.core.history import record
from portico.core.numbers import format_number
from portico.work import dates, feed, queries
from portico.work.models import (
    MemberCalendar,
    Status,
    Task,
    TaskSeries,
    Verb,
    colour_validator,
)
from portico.work.recurrence import MAX_OCCURRENCES, Repeat, Unbounded, occurrences

FIELDS = (
    "kind",
    "colour",
    "title",
    "address",
    "notes",
    "starts_at",
    "ends_at",
    "all_day",
    "assignee",
    "status",
)
COPIED = ("account", "assignee", "kind", "colour", "title", "address", "notes", "all_day")
STATUS_VERBS = {Status.COMPLETED: Verb.TASK_COMPLETED, Status.NOT_ATTENDED: Verb.TASK_NOT_ATTENDED}


# --- Checks ---------------------------------------------------------------------------------------


def check_times(starts_at, ends_at):
    if ends_at < starts_at:
        raise ValidationError(_("The end cannot be before the start."), code="ends")


def check_colour(colour):
    colour_validator(colour)


def check_account(member, account):
    """None (an internal task) or a client of the member's firm they may see."""
    if account is not None and not visible_accounts(member).filter(pk=account.pk).exists():
        raise ValidationError(_("Choose one of your clients, or none."), code="account")


def check_assignee(member, account, assignee):
    allowed = queries.assignable_members(member, account).filter(pk=getattr(assignee, "pk", None))
    if assignee is None or not allowed.exists():
        raise ValidationError(
            _("Choose a member of your firm who may see this client."), code="assignee"
        )


def require_visible(member, task):
    if not queries.visible_tasks(member).filter(pk=task.pk).exists():
        raise PermissionDenied


# --- Creating -------------------------------------------------------------------------------------


def _occurrence_times(member, starts_at, ends_at, all_day, repeat):
    """(starts_at, ends_at) of each occurrence: one pair without `repeat`."""
    if repeat is None:
        return [(starts_at, ends_at)]
    start = dates.local(starts_at, member.firm)
    try:
        starts = occurrences(repeat, start.replace(tzinfo=None))
    except Unbounded:
        raise ValidationError(
            _(
                "A repeating task needs an end (a date or a number of times) and may repeat "
                "at most %(max)s times."
            )
            % {"max": format_number(MAX_OCCURRENCES)},
            code="repeat",
        ) from None
    zone = dates.zone(member.firm)
    if all_day:
        days = (dates.local(ends_at, member.firm).date() - start.date()).days
        return [
            (
                datetime.combine(s.date(), s.time(), tzinfo=zone),
                dates.at(s.date() + timedelta(days=days), s.time(), member.firm),
            )
            for s in starts
        ]
    duration = ends_at - starts_at
    return [(s.replace(tzinfo=zone), s.replace(tzinfo=zone) + duration) for s in starts]


@transaction.atomic
def create_task(
    *,
    member,
    account,
    assignee,
    kind,
    colour,
    title,
    starts_at,
    ends_at,
    all_day=False,
    address="",
    notes="",
    repeat: Repeat | None = None,
) -> list[Task]:
    """A task for `account` (None: internal), or every occurrence of a repeating one. Returns the
    tasks written, in date order."""
    check_times(starts_at, ends_at)
    check_colour(colour)
    check_account(member, account)
    check_assignee(member, account, assignee)
    times = _occurrence_times(member, starts_at, ends_at, all_day, repeat)
    series = None
    if repeat is not None:
        series = TaskSeries.objects.create(
            firm=member.firm,
            frequency=repeat.frequency,
            interval=repeat.interval,
            until=repeat.until,
            count=repeat.count,
        )
    fields = {
        "account": account,
        "assignee": assignee,
        "kind": kind,
        "colour": colour,
        "title": title,
        "address": address,
        "notes": notes,
        "all_day": all_day,
    }
    tasks = _insert(member, fields, times, series)
    record(
        actor=member.user,
        firm=member.firm,
        account=account,
        verb=Verb.TASK_CREATED,
        subject=title,
        after={**_snapshot(tasks[0]), "occurrences": len(tasks)},
    )
    return tasks


@transaction.atomic
def copy_task(*, member, task, day: date) -> Task:
    """A new open task with the same fields as `task`, on `day` at the same local time (Copy)."""
    require_visible(member, task)
    check_account(member, task.account)
    check_assignee(member, task.account, task.assignee)
    fields = {f: getattr(task, f) for f in COPIED}
    (copy,) = _insert(member, fields, [_moved(task, day)], series=None)
    record(
        actor=member.user,
        firm=member.firm,
        account=task.account,
        verb=Verb.TASK_COPIED,
        subject=task.title,
        before={"task": task.pk},
        after=_snapshot(copy),
    )
    return copy


def _insert(member, fields, times, series):
    """Write one open task per (starts_at, ends_at) of `times`, then their VEVENTs (which name
    the task's URL, so its id)."""
    now = timezone.now()
    tasks = Task.objects.bulk_create(
        Task(
            firm=member.firm,
            series=series,
            occurrence=n if series else None,
            starts_at=start,
            ends_at=end,
            day=dates.local(start, member.firm).date(),
            created_by=member,
            updated_at=now,
            **fields,
        )
        for n, (start, end) in enumerate(times, start=1)
    )
    for task in tasks:
        task.vevent = feed.vevent(task)
    Task.objects.bulk_update(tasks, ["vevent"], batch_size=500)
    return tasks


# --- Changing -------------------------------------------------------------------------------------


@transaction.atomic
def update_task(*, member, task, **changes) -> Task:
    """Change some of FIELDS of one task (one occurrence of a series changes on its own)."""
    return _change(member, task, Verb.TASK_UPDATED, changes)


@transaction.atomic
def set_status(*, member, task, status) -> Task:
    """Complete, mark as not attended, start or reopen one task."""
    return _change(member, task, STATUS_VERBS.get(status, Verb.TASK_STATUS), {"status": status})


@transaction.atomic
def move_task(*, member, task, day: date) -> Task:
    """Move a task to `day`, at the same local time and for as long (the month view's drag)."""
    starts_at, ends_at = _moved(task, day)
    return _change(member, task, Verb.TASK_MOVED, {"starts_at": starts_at, "ends_at": ends_at})


def _moved(task, day):
    start = dates.local(task.starts_at, task.firm)
    starts_at = dates.at(day, start.time(), task.firm)
    if task.all_day:
        days = (dates.local(task.ends_at, task.firm).date() - start.date()).days
        return starts_at, dates.at(day + timedelta(days=days), start.time(), task.firm)
    return starts_at, starts_at + task.duration


def _change(member, task, verb, changes):
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"not task fields: {sorted(unknown)}")
    require_visible(member, task)
    task = Task.objects.select_for_update().select_related("firm").get(pk=task.pk)
    changed = {f: v for f, v in changes.items() if getattr(task, f) != v}
    if not changed:
        return task
    after = {**{f: getattr(task, f) for f in FIELDS}, **changed}
    check_times(after["starts_at"], after["ends_at"])
    if "colour" in changed:
        check_colour(changed["colour"])
    if "assignee" in changed:
        check_assignee(member, task.account, changed["assignee"])
    before = _snapshot(task, changed)
    for field, value in changed.items():
        setattr(task, field, value)
    task.day = dates.local(task.starts_at, task.firm).date()
    task.sequence += 1
    task.updated_at = timezone.now()
    task.vevent = feed.vevent(task)
    task.save(update_fields=[*changed, "day", "sequence", "updated_at", "vevent"])
    record(
        actor=member.user,
        firm=task.firm,
        account=task.account,
        verb=verb,
        subject=task.title,
        before=before,
        after=_snapshot(task, changed),
    )
    return task


def _snapshot(task, fields=FIELDS):
    """The task's `fields` as History keeps them (JSON: dates as ISO text, people by name)."""

    def plain(value):
        if isinstance(value, datetime):
            return value.isoformat()
        if hasattr(value, "pk"):
            return str(value)
        return value

    return {"task": task.pk, **{f: plain(getattr(task, f)) for f in fields}}


# --- The member's calendar settings ---------------------------------------------------------------


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def reset_feed(*, member) -> MemberCalendar:
    """Give the member a (new) private feed URL: the old one answers 404 from now on."""
    settings, created = MemberCalendar.objects.select_for_update().get_or_create(
        member=member, defaults={"feed_token": new_feed_token()}
    )
    if not created:
        settings.feed_token = new_feed_token()
        settings.save(update_fields=["feed_token"])
    record(actor=member.user, firm=member.firm, verb=Verb.FEED_RESET, subject=str(member))
    return settings


@transaction.atomic
def set_digest_due_tasks(*, member, wanted: bool) -> MemberCalendar:
    """Whether the member's email digest tells their tasks due today and overdue."""
    settings, _ = MemberCalendar.objects.select_for_update().get_or_create(
        member=member, defaults={"feed_token": new_feed_token()}
    )
    if settings.digest_due_tasks != wanted:
        settings.digest_due_tasks = wanted
        settings.save(update_fields=["digest_due_tasks"])
        record(
            actor=member.user,
            firm=member.firm,
            verb=Verb.DIGEST_CHANGED,
            subject=str(member),
            before={"digest_due_tasks": not wanted},
            after={"digest_due_tasks": wanted},
        )
    return settings


def follow_time_zone(firm):
    """After the firm's time zone changed: each timed task keeps its moment and gets the local
    date it now falls on; each all-day task keeps its dates and gets their new midnights."""
    tasks = Task.objects.filter(firm=firm).only("pk", "starts_at", "ends_at", "all_day", "day")
    changed = []
    for task in tasks.iterator(chunk_size=2000):
        if task.all_day:
            days = round((task.ends_at - task.starts_at) / timedelta(days=1))
            task.starts_at = dates.at(task.day, time(0), firm)
            task.ends_at = dates.at(task.day + timedelta(days=days), time(0), firm)
        else:
            task.day = dates.local(task.starts_at, firm).date()
        changed.append(task)
    Task.objects.bulk_update(changed, ["day", "starts_at", "ends_at"], batch_size=2000)

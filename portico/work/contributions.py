"""What tasks contribute to the pages that show many features, through core.registry: the
profile's Overview card and the workspace section (the next planned or in-progress tasks, P-3),
and the email digest's section of tasks due today and overdue (N-2)."""

from django.conf import settings
from django.urls import reverse

from portico.work import dates, queries


def latest_tasks(member, account):
    """The Overview's Tasks card: at most five planned or in-progress tasks of the account."""
    return queries.upcoming(account, dates.today(member.firm))


def workspace_tasks(request, account):
    return {"items": latest_tasks(request.member, account), "account": account}


def due_tasks(member, accounts, now):
    """For a member who asked for it: their unfinished tasks due today and overdue, as
    {"due_today": [...], "overdue": [...]} of dicts (title, client, day, time, url), or None
    when there is nothing to tell. `accounts` (their subscriptions) does not limit it: these
    are the member's own tasks."""
    calendar = queries.calendar_of(member)
    if calendar is None or not calendar.digest_due_tasks:
        return None
    today = dates.local(now, member.firm).date()
    due_today, overdue = queries.due_tasks(member, today)
    if not due_today and not overdue:
        return None
    return {
        "due_today": [_line(t, member.firm) for t in due_today],
        "overdue": [_line(t, member.firm) for t in overdue],
    }


def _line(task, firm):
    return {
        "title": task.title,
        "client": task.account.name if task.account else "",
        "day": task.day,
        "time": None if task.all_day else dates.local(task.starts_at, firm).time(),
        "url": settings.SITE_URL + reverse("work:task", args=[task.pk]),
    }

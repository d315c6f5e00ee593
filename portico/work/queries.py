"""Reads of tasks, scoped by firm and by what the member may see: the tasks of the clients they
may open, and their own (assigned to them or created by them); owners and admins see all."""

from django.db import connection
from django.db.models import Count, DateField, Q
from django.db.models.expressions import RawSQL

from portico.clients.queries import visible_accounts
from portico.core import rights
from portico.core.rights import Right
from portico.firms.models import Member, Role
from portico.work.models import MemberCalendar, Status, Task

DAY_PAGE = 50  # tasks a day list shows at once
CELL_TASKS = 3  # tasks a month cell shows; the others are counted ("+4 more")
ORDER = ("status", "starts_at", "pk")  # T-2: in progress, open, not attended, completed; by time


def visible_tasks(member):
    """Every task `member` may open."""
    tasks = Task.objects.filter(firm=member.firm)
    if rights.has(member, Right.MANAGE_FIRM):
        return tasks
    return tasks.filter(
        Q(assignee=member) | Q(created_by=member) | Q(account__in=visible_accounts(member))
    )


def task_details(member):
    """Visible tasks with what their details page shows."""
    return visible_tasks(member).select_related("firm", "account", "assignee__user", "series")


def sees_everyones_calendar(member) -> bool:
    """Owners and admins open anyone's calendar (filter by assignee); others their own."""
    return rights.has(member, Right.MANAGE_FIRM)


def calendar_tasks(member, assignee=None):
    """The calendar of `assignee` (a Member), or of the whole firm when None; a member who may
    not see everyone's calendar gets their own whatever they ask."""
    if not sees_everyones_calendar(member):
        assignee = member
    if assignee is None:
        return Task.objects.filter(firm=member.firm)
    return Task.objects.filter(assignee=assignee)


def account_tasks(account):
    """The tasks of one client account (its profile's Tasks tab): the account is visible."""
    return Task.objects.filter(account=account)


LISTED = ("day", "status", "starts_at", "ends_at", "all_day", "kind", "colour", "title", "address")


def _listed(tasks):
    """What a list shows of each task and its client (each column read costs: a month reads
    126 tasks)."""
    return tasks.select_related("account").only(*LISTED, "account__name")


def day_tasks(tasks, day, page=1):
    """One page of `day`'s tasks in the order of T-2, and how many there are: two queries."""
    on_day = tasks.filter(day=day)
    start = (page - 1) * DAY_PAGE
    rows = list(_listed(on_day).order_by(*ORDER)[start : start + DAY_PAGE])
    total = len(rows) if page == 1 and len(rows) < DAY_PAGE else on_day.count()
    return rows, total


def month_tasks(tasks, first, last):
    """For each day from `first` to `last` (a month's grid): its first CELL_TASKS tasks in the
    order of T-2 and how many it has. Two queries whatever the number of tasks: the counts from
    the day index, and the tasks whose ids `firsts_of_days` reads."""
    in_range = tasks.filter(day__gte=first, day__lte=last)
    # COUNT(*), not COUNT(id): the day index alone answers it (PostgreSQL reads no table rows)
    counts = dict(in_range.values_list("day").annotate(n=Count("*")).order_by())
    if not counts:
        return {}, {}
    shown = {}
    firsts = Task.objects.filter(pk__in=firsts_of_days(tasks, sorted(counts)))
    for task in _listed(firsts).order_by("day", *ORDER):
        shown.setdefault(task.day, []).append(task)
    return shown, counts


def firsts_of_days(tasks, days):
    """The ids of each day's first CELL_TASKS tasks, as one subquery that reads CELL_TASKS
    entries of the day index per day, so a busy month costs what a quiet one does.

    PostgreSQL: a LATERAL join over the days' array, planned once (the UNION below took it 3–7 ms
    to plan for a month's 42 days). SQLite has no LATERAL: a UNION ALL of one LIMITed read per
    day (written as SQL: Django does not compose LIMITed parts into a UNION on SQLite, and
    `IN (…) OR IN (…)` makes PostgreSQL scan the table)."""
    if connection.vendor == "postgresql":
        return _firsts_lateral(tasks, days)
    # One day's query compiled once; the others differ only in the day parameter (as the
    # database adapts it: text on SQLite).
    first = tasks.filter(day=days[0]).order_by(*ORDER).values("pk")[:CELL_TASKS]
    sql, template = first.query.sql_with_params()
    adapt = connection.ops.adapt_datefield_value
    parts, params = [], []
    for n, day in enumerate(days):
        parts.append(f"SELECT * FROM ({sql}) AS day_{n}")
        params += [adapt(day) if value == adapt(days[0]) else value for value in template]
    return RawSQL(" UNION ALL ".join(parts), params)


def _firsts_lateral(tasks, days):
    """PostgreSQL's `firsts_of_days`: each day of the array joined to its first tasks."""
    grid_day = RawSQL("grid.day", (), output_field=DateField())
    first = tasks.filter(day=grid_day).order_by(*ORDER).values("pk")[:CELL_TASKS]
    sql, params = first.query.sql_with_params()
    grid = "unnest(%s::date[]) AS grid(day)"
    return RawSQL(f"SELECT firsts.id FROM {grid}, LATERAL ({sql}) AS firsts(id)", (days, *params))


def assignable_members(member, account=None):
    """Who a task of `account` (None: an internal task) may be assigned to: active members of the
    firm who may see the account."""
    members = Member.objects.filter(firm=member.firm, is_active=True).select_related("user")
    if account is not None:
        members = members.filter(
            Q(role__in=[Role.OWNER, Role.ADMIN])
            | Q(can_see_all_accounts=True)
            | Q(teammembership__account=account)
        ).distinct()
    return members.order_by("user__full_name", "user__email")


def firm_members(member):
    return (
        Member.objects.filter(firm=member.firm, is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def upcoming(account, today, limit=5):
    """The account's next planned or in-progress tasks (P-3's Tasks card): in progress first,
    then the open ones from today on."""
    tasks = account_tasks(account).filter(
        Q(status=Status.IN_PROGRESS) | Q(status=Status.OPEN, day__gte=today)
    )
    return list(_listed(tasks).order_by("status", "starts_at", "pk")[:limit])


def due_tasks(member, today):
    """The member's unfinished tasks due today or before (N-2's digest section): (due today,
    overdue), each in the order of T-2."""
    unfinished = Task.objects.filter(
        assignee=member, day__lte=today, status__in=[Status.IN_PROGRESS, Status.OPEN]
    )
    rows = list(_listed(unfinished).order_by("-day", *ORDER)[:200])
    return [t for t in rows if t.day == today], [t for t in rows if t.day < today]


def calendar_of(member):
    """The member's calendar settings, or None before they have any."""
    return MemberCalendar.objects.filter(member=member).first()


def feed_owner(token):
    """The active member whose feed `token` is, or None."""
    found = (
        MemberCalendar.objects.filter(feed_token=token, member__is_active=True)
        .select_related("member__firm", "member__user")
        .first()
    )
    return found.member if found else None


def feed_events(member):
    """The stored VEVENTs of the member's tasks."""
    return Task.objects.filter(assignee=member).order_by("day").values_list("vevent", flat=True)

"""Tasks in the bench dataset (DESIGN.md's M: 300,000) and the calendar's measurements.

`build(firm, total, rng)` is generate.build's tasks step: the staff's tasks over three years
(two past, one ahead), skewed like the teams (the three heavy accountants carry over half, each
about 50 a day), one accountant with exactly FEED_TASKS tasks for the feed's budget, a tenth of
them internal; past ones mostly completed, coming ones open. Each row gets its VEVENT as the
actions write it (work/feed.py), so the ids are chosen before the insert.

`pages()` adds the Calendar's Day and Month views (everyone's, and the heaviest accountant's),
a client's Tasks tab, a day's list and the feed to scenarios.pages(). `python -m bench.work
--label SQLite` measures just those against gunicorn, building dataset M first if missing."""

import argparse
import os
import secrets
from datetime import time, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portico.settings")
django.setup()  # run as `python -m bench.work`, like bench.run

from django.core.management.color import no_style  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from portico.clients.models import ClientAccount, TeamMembership  # noqa: E402
from portico.firms.models import Member, Role  # noqa: E402
from portico.work import dates, feed  # noqa: E402
from portico.work.models import Kind, MemberCalendar, Status, Task  # noqa: E402

FEED_TASKS = 5_000
BATCH = 5_000
PAST_DAYS, COMING_DAYS = 730, 365
TITLES = [
    "Revisar el IVA trimestral",
    "Llamar por el modelo 303",
    "Reunión de cierre contable",
    "Preparar la declaración de la renta",
    "Conciliación bancaria",
    "Rendez-vous bilan annuel",
    "Appeler pour la TVA",
    "Revisar nóminas",
    "Firmar las cuentas anuales",
    "Visita a la oficina del cliente",
]
COLOURS = ["#0d6efd", "#198754", "#dc3545", "#fd7e14", "#6f42c1", "#20c997", "#d63384"]
KINDS = [Kind.TASK] * 5 + [Kind.PHONE_CALL] * 3 + [Kind.MEETING] * 2


def shares(members, total):
    """{member: how many tasks}: the three heavy accountants 18 % each, the fourth (the feed's
    member) FEED_TASKS (a tenth at small sizes), owner and admin 5 % each, the other accountants
    the rest."""
    accountants = [m for m in members if m.role == Role.ACCOUNTANT]
    managers = [m for m in members if m.role != Role.ACCOUNTANT]
    heavy, others = accountants[:3], accountants[4:]
    plan = {m: int(total * 0.18) for m in heavy} | {m: int(total * 0.05) for m in managers}
    plan[feed_member(members)] = min(FEED_TASKS, total // 10)
    rest = total - sum(plan.values())
    for n, member in enumerate(others):
        plan[member] = rest // len(others) + (1 if n < rest % len(others) else 0)
    return plan


def build(firm, total, rng):
    members = list(Member.objects.filter(firm=firm).select_related("user").order_by("pk"))
    teams = {}
    for member, account in TeamMembership.objects.filter(member__firm=firm).values_list(
        "member", "account"
    ):
        teams.setdefault(member, []).append(account)
    every_account = list(ClientAccount.objects.filter(firm=firm).values_list("pk", flat=True))
    today, now = dates.today(firm), timezone.now()
    next_id = (Task.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    batch = []
    for member, count in shares(members, total).items():
        accounts = teams.get(member.pk) or every_account
        for _ in range(count):
            task = _task(firm, member, accounts, today, now, rng)
            task.pk, next_id = next_id, next_id + 1
            task.vevent = feed.vevent(task)
            batch.append(task)
            if len(batch) == BATCH:
                Task.objects.bulk_create(batch)
                batch = []
    Task.objects.bulk_create(batch)
    _reset_sequence()
    MemberCalendar.objects.update_or_create(
        member=feed_member(members), defaults={"feed_token": secrets.token_urlsafe(32)}
    )


def feed_member(members):
    return [m for m in members if m.role == Role.ACCOUNTANT][3]


def _task(firm, member, accounts, today, now, rng):
    day = today + timedelta(days=rng.randint(-PAST_DAYS, COMING_DAYS))
    starts_at = dates.at(day, _clock(rng), firm)
    account = None if rng.random() < 0.1 else rng.choice(accounts)
    return Task(
        firm=firm,
        account_id=account,
        kind=rng.choice(KINDS),
        colour=rng.choice(COLOURS),
        title=rng.choice(TITLES),
        address="" if account is None else f"Calle Mayor {rng.randint(1, 90)}, Sevilla",
        notes="Traer la documentación." if rng.random() < 0.3 else "",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=rng.choice([15, 30, 45, 60, 90])),
        day=day,
        assignee=member,
        status=_status(day, today, rng),
        created_by=member,
        created_at=now,
        updated_at=now,
    )


def _clock(rng):
    return time(rng.randint(8, 18), rng.choice([0, 15, 30, 45]))


def _status(day, today, rng):
    draw = rng.random()
    if day < today:
        if draw < 0.8:
            return Status.COMPLETED
        return Status.NOT_ATTENDED if draw < 0.9 else Status.OPEN
    return Status.IN_PROGRESS if draw < 0.05 else Status.OPEN


def _reset_sequence():
    """Ids were chosen before the insert: PostgreSQL's sequence is moved past them."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Task]):
            cursor.execute(sql)


# --- Measurements --------------------------------------------------------------------------------

HTMX_DAY = {"HX-Request": "true", "HX-Target": "calendar-modal-content"}


def pages(heavy):
    """(budget, persona, label, path, headers) of the calendar's pages; `heavy` is the accountant
    the "accountant" persona signs in as."""
    from bench.generate import FIRM_NAME

    firm_tasks = Task.objects.filter(firm__name=FIRM_NAME)
    if not firm_tasks.exists():
        return []
    today = dates.today(firm_tasks.first().firm).isoformat()
    busiest = (
        firm_tasks.exclude(account=None)
        .values("account")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["account"]
    )
    token = MemberCalendar.objects.filter(member__firm__name=FIRM_NAME).first().feed_token
    count = Task.objects.filter(assignee__calendar__feed_token=token).count()
    month, day, everyone = f"?view=month&date={today}", f"?date={today}", "&assignee=all"
    tab = f"/clients/{busiest}/tasks/"
    return [
        ("calendar", "admin", "Calendar, day, everyone's", f"/calendar/{day}{everyone}", {}),
        ("calendar", "admin", "Calendar, month, everyone's", f"/calendar/{month}{everyone}", {}),
        ("calendar", "accountant", f"Calendar, day ({heavy})", f"/calendar/{day}", {}),
        ("calendar", "accountant", f"Calendar, month ({heavy})", f"/calendar/{month}", {}),
        ("calendar", "admin", "A day's list (htmx)", f"/calendar/{day}{everyone}", HTMX_DAY),
        ("calendar", "admin", "Tasks tab, day (busiest client)", tab + day, {}),
        ("calendar", "admin", "Tasks tab, month (busiest client)", tab + month, {}),
        ("feed", "admin", f"iCalendar feed ({count:,} tasks)", f"/calendar/feed/{token}.ics", {}),
    ]


def main():
    """Measure the calendar's pages only (dataset M built first if missing)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", required=True)
    parser.add_argument("--size", default="M")
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()

    from bench import machine, run, scenarios

    run.prepare(args.size)
    with run.serving() as (base, server):
        print(f"CPU reference before: {machine.speed()}", flush=True)
        heavy = scenarios.heaviest_accountant()
        print(f"{args.label}: {Task.objects.count():,} tasks", flush=True)
        scenarios.measure_pages(base, pages(heavy), heavy, args.requests)
        print(f"CPU reference after: {machine.speed()}", flush=True)


if __name__ == "__main__":
    main()

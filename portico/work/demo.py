"""Demo tasks for `manage.py demo`: each staff member's calls, meetings and tasks from two weeks
before today to three weeks after, in every status, and one weekly repeating task, so the day
view, the month view and the profile's Tasks tab (seed 003) have something to show.

Written through `actions.create_task` and `actions.set_status`, so History and the feed's
VEVENTs are as in real use. Dates are relative to the day the demo is built."""

from datetime import time, timedelta

from portico.clients.models import TeamMembership
from portico.work import actions, dates
from portico.work.models import Frequency, Kind, Status
from portico.work.recurrence import Repeat

COLOURS = ["#0d6efd", "#198754", "#6f42c1", "#d63384", "#fd7e14", "#0dcaf0"]
# (kind, Spanish title, French title) — the demo firm works in Spanish, Luc in French
TITLES = [
    (Kind.PHONE_CALL, "Llamada: documentación del IVA trimestral", "Appel\u00a0: pièces de TVA"),
    (Kind.MEETING, "Reunión: cierre del ejercicio", "Réunion\u00a0: clôture de l’exercice"),
    (Kind.TASK, "Preparar el modelo 303", "Préparer la déclaration de TVA"),
    (Kind.TASK, "Revisar las nóminas del mes", "Vérifier les bulletins de paie"),
    (Kind.PHONE_CALL, "Llamada: recibos que faltan", "Appel\u00a0: justificatifs manquants"),
    (Kind.MEETING, "Reunión: plan de pagos", "Réunion\u00a0: échéancier"),
    (Kind.TASK, "Presentar el modelo 111", "Déposer la liasse fiscale"),
]
HOURS = [time(9), time(10, 30), time(12), time(16), time(17, 30)]
PAST_STATUSES = [Status.COMPLETED, Status.COMPLETED, Status.NOT_ATTENDED, Status.OPEN]
TODAY_STATUSES = [Status.COMPLETED, Status.IN_PROGRESS, Status.OPEN]  # the day view shows each


def build(demo, accounts):
    """`demo` is the Demo builder of the desk's demo command (its rng, firm, members). Gives every
    member about 25 tasks on clients of their team (or internal ones), today's in each status."""
    today = dates.today(demo.firm)
    for member in demo.members.values():
        french = member.language == "fr"
        on_team = set(
            TeamMembership.objects.filter(member=member).values_list("account", flat=True)
        )
        mine = [a for a in accounts if a.pk in on_team] or accounts
        for offset in range(-14, 22):
            day = today + timedelta(days=offset)
            if day.weekday() >= 5 and offset != 0:  # today always has some, for the day view
                continue
            count = 3 if offset == 0 else demo.rng.choice([0, 1, 1, 2])
            slots = sorted(demo.rng.sample(range(len(HOURS)), count))
            for index, slot in enumerate(slots):
                account = demo.rng.choice(mine) if demo.rng.random() < 0.85 else None
                task = _create(demo, member, account, day, HOURS[slot], french)
                _set_status(demo, member, task, offset, index)
        _weekly_review(demo, member, today, french)


def _create(demo, member, account, day, clock, french, repeat=None):
    kind, spanish, title_fr = demo.rng.choice(TITLES)
    starts_at = dates.at(day, clock, demo.firm)
    return actions.create_task(
        member=member,
        account=account,
        assignee=member,
        kind=kind,
        colour=demo.rng.choice(COLOURS),
        title=title_fr if french else spanish,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=demo.rng.choice([30, 45, 60, 90])),
        address=", ".join(account.address_lines) if account else "",
        repeat=repeat,
    )[0]


def _set_status(demo, member, task, offset, index):
    """A past task's status is drawn; today's `index`-th task (of three) takes each of
    TODAY_STATUSES in turn, whatever hours were drawn; later ones stay open."""
    if offset < 0:
        status = demo.rng.choice(PAST_STATUSES)
    elif offset == 0:
        status = TODAY_STATUSES[index % len(TODAY_STATUSES)]
    else:
        return
    if status != Status.OPEN:
        actions.set_status(member=member, task=task, status=status)


def _weekly_review(demo, member, today, french):
    monday = today - timedelta(days=today.weekday())
    starts_at = dates.at(monday, time(8, 30), demo.firm)
    actions.create_task(
        member=member,
        account=None,
        assignee=member,
        kind=Kind.MEETING,
        colour="#6c757d",
        title="Réunion d’équipe" if french else "Reunión de equipo",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        repeat=Repeat(frequency=Frequency.WEEKLY, count=8),
    )

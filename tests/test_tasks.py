"""Tasks (T-1, T-2): writing them through work.actions, with the rules they keep, their
recurrences, History events, and who may see them."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from portico.core.models import HistoryEvent
from portico.core.registry import HistoryVerb, registry
from portico.work import actions, queries
from portico.work.models import Frequency, Status, Task, TaskSeries, Verb
from portico.work.recurrence import Repeat
from tests.factories import MemberFactory
from tests.tasks_setup import at, make_task

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 3, 2)


def refused(code, call, **arguments):
    """`call` raises ValidationError with `code` and writes no task and no History event."""
    tasks, events = Task.objects.count(), HistoryEvent.objects.count()
    with pytest.raises(ValidationError) as raised:
        call(**arguments)
    assert raised.value.code == code
    assert (Task.objects.count(), HistoryEvent.objects.count()) == (tasks, events)
    return raised.value


def task_arguments(personas, **changes):
    starts_at = at(MONDAY, "10:00")
    return {
        "member": personas.accountant,
        "account": personas.account,
        "assignee": personas.accountant,
        "kind": "phone_call",
        "colour": "#ff8800",
        "title": "Llamar por el IVA",
        "address": "Calle Mayor 3, Sevilla",
        "notes": "Traer el modelo 303",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=30),
        **changes,
    }


def test_a_task_is_written_with_its_local_day_vevent_and_history(personas):
    (task,) = actions.create_task(**task_arguments(personas))
    task.refresh_from_db()
    assert task.status == Status.OPEN
    assert task.day == MONDAY
    assert task.sequence == 0
    assert "BEGIN:VEVENT" in task.vevent and str(task.uid) in task.vevent
    (event,) = HistoryEvent.objects.filter(account=personas.account, verb=Verb.TASK_CREATED)
    assert event.actor == personas.accountant.user
    assert event.after["title"] == "Llamar por el IVA"
    assert event.after["occurrences"] == 1


def test_the_local_day_is_the_firms_not_utcs(personas):
    # 00:30 in Paris is 23:30 UTC the day before
    task = make_task(personas.owner, MONDAY, "00:30")
    assert task.starts_at.astimezone(ZoneInfo("UTC")).date() == MONDAY - timedelta(days=1)
    assert task.day == MONDAY


def test_internal_tasks_have_no_client(personas):
    task = make_task(personas.accountant, MONDAY, account=None)
    assert task.account is None
    assert HistoryEvent.objects.get(verb=Verb.TASK_CREATED).account is None


def test_an_end_before_the_start_is_refused(personas):
    starts_at = at(MONDAY, "10:00")
    arguments = task_arguments(personas, ends_at=starts_at - timedelta(minutes=1))
    with translation.override("es"):
        error = refused("ends", actions.create_task, **arguments)
    assert error.messages == ["El final no puede ser anterior al inicio."]


def test_a_client_of_another_firm_or_one_the_member_cannot_see_is_refused(personas):
    refused(
        "account", actions.create_task, **task_arguments(personas, account=personas.foreign_account)
    )
    refused(
        "account", actions.create_task, **task_arguments(personas, account=personas.other_account)
    )


def test_an_assignee_outside_the_firm_or_who_cannot_see_the_client_is_refused(personas):
    refused(
        "assignee", actions.create_task, **task_arguments(personas, assignee=personas.foreign_owner)
    )
    refused("assignee", actions.create_task, **task_arguments(personas, assignee=personas.outsider))
    # an internal task may go to anyone of the firm
    arguments = task_arguments(personas, account=None, assignee=personas.outsider)
    assert actions.create_task(**arguments)


@pytest.mark.parametrize("colour", ["red", "#12345", "#12345g", "javascript:x", ""])
def test_a_colour_that_is_not_a_colour_is_refused(personas, colour):
    refused("colour", actions.create_task, **task_arguments(personas, colour=colour))


def test_a_repeating_task_writes_each_occurrence_in_the_firms_wall_clock(personas):
    # every week at 09:00 in Paris, across the change to summer time on 29 March 2026
    repeat = Repeat(frequency=Frequency.WEEKLY, count=6)
    tasks = actions.create_task(
        **task_arguments(
            personas, starts_at=at(MONDAY, "09:00"), ends_at=at(MONDAY, "10:00"), repeat=repeat
        )
    )
    assert [t.day for t in tasks] == [MONDAY + timedelta(weeks=n) for n in range(6)]
    paris = [t.starts_at.astimezone(ZoneInfo("Europe/Paris")).time() for t in tasks]
    assert paris == [time(9)] * 6
    assert [t.occurrence for t in tasks] == [1, 2, 3, 4, 5, 6]
    assert len({t.uid for t in tasks}) == 6
    assert TaskSeries.objects.get().count == 6
    (event,) = HistoryEvent.objects.filter(verb=Verb.TASK_CREATED)
    assert event.after["occurrences"] == 6


@pytest.mark.parametrize(
    ("repeat", "days"),
    [
        (Repeat(Frequency.DAILY, interval=2, count=3), [2, 4, 6]),
        (Repeat(Frequency.WEEKLY, interval=2, until=date(2026, 3, 30)), [2, 16, 30]),
        # the 2nd of each month, every month until May
        (Repeat(Frequency.MONTHLY, until=date(2026, 5, 31)), [(3, 2), (4, 2), (5, 2)]),
        # monthly on the same weekday: the first Monday of each month
        (Repeat(Frequency.MONTHLY_WEEKDAY, count=3), [(3, 2), (4, 6), (5, 4)]),
    ],
)
def test_recurrence_rules(personas, repeat, days):
    tasks = actions.create_task(**task_arguments(personas, repeat=repeat))
    expected = [date(2026, *d) if isinstance(d, tuple) else date(2026, 3, d) for d in days]
    assert [t.day for t in tasks] == expected


def test_monthly_on_a_fifth_weekday_means_the_last_one(personas):
    fifth_monday = date(2026, 3, 30)
    arguments = task_arguments(
        personas, starts_at=at(fifth_monday, "10:00"), ends_at=at(fifth_monday, "11:00")
    )
    tasks = actions.create_task(**arguments, repeat=Repeat(Frequency.MONTHLY_WEEKDAY, count=3))
    assert [t.day for t in tasks] == [fifth_monday, date(2026, 4, 27), date(2026, 5, 25)]


@pytest.mark.parametrize(
    "repeat",
    [
        Repeat(Frequency.DAILY),  # no end
        Repeat(Frequency.DAILY, count=1001),
        Repeat(Frequency.DAILY, until=date(2029, 1, 1)),  # ~1,035 days
    ],
)
def test_a_recurrence_without_an_end_or_past_1000_occurrences_is_refused(personas, repeat):
    refused("repeat", actions.create_task, **task_arguments(personas, repeat=repeat))
    assert not TaskSeries.objects.exists()


def test_1000_occurrences_are_allowed(personas):
    tasks = actions.create_task(
        **task_arguments(personas, repeat=Repeat(Frequency.DAILY, count=1000))
    )
    assert len(tasks) == Task.objects.count() == 1000


def test_an_occurrence_is_changed_and_completed_on_its_own(personas):
    tasks = actions.create_task(
        **task_arguments(personas, repeat=Repeat(Frequency.WEEKLY, count=3))
    )
    second = tasks[1]
    actions.set_status(member=personas.accountant, task=second, status=Status.COMPLETED)
    actions.update_task(member=personas.accountant, task=tasks[2], title="Llamada aplazada")
    statuses = dict(Task.objects.values_list("occurrence", "status"))
    assert statuses == {1: Status.OPEN, 2: Status.COMPLETED, 3: Status.OPEN}
    titles = dict(Task.objects.values_list("occurrence", "title"))
    assert titles == {1: "Llamar por el IVA", 2: "Llamar por el IVA", 3: "Llamada aplazada"}


def test_every_change_bumps_the_sequence_and_records_before_and_after(personas):
    task = make_task(personas.accountant, MONDAY, account=personas.account)
    updated = actions.update_task(member=personas.manager, task=task, title="Revisar IRPF")
    assert updated.sequence == 1
    assert "SEQUENCE:1" in updated.vevent and "Revisar IRPF" in updated.vevent
    event = HistoryEvent.objects.get(verb=Verb.TASK_UPDATED)
    assert (event.before["title"], event.after["title"]) == ("Revisar IVA", "Revisar IRPF")
    assert event.account == personas.account and event.actor == personas.manager.user
    # nothing changed: nothing written
    again = actions.update_task(member=personas.manager, task=updated, title="Revisar IRPF")
    assert again.sequence == 1
    assert HistoryEvent.objects.filter(verb=Verb.TASK_UPDATED).count() == 1


def test_a_change_ending_before_the_start_is_refused(personas):
    task = make_task(personas.accountant, MONDAY)
    refused(
        "ends",
        actions.update_task,
        member=personas.accountant,
        task=task,
        ends_at=task.starts_at - timedelta(hours=1),
    )
    task.refresh_from_db()
    assert task.sequence == 0


def test_complete_and_not_attended_have_their_own_history_verbs(personas):
    task = make_task(personas.accountant, MONDAY, account=personas.account)
    actions.set_status(member=personas.accountant, task=task, status=Status.COMPLETED)
    actions.set_status(member=personas.accountant, task=task, status=Status.NOT_ATTENDED)
    actions.set_status(member=personas.accountant, task=task, status=Status.IN_PROGRESS)
    verbs = list(
        HistoryEvent.objects.filter(account=personas.account)
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        Verb.TASK_CREATED,
        Verb.TASK_COMPLETED,
        Verb.TASK_NOT_ATTENDED,
        Verb.TASK_STATUS,
    ]


def test_copy_makes_an_open_task_with_the_same_fields_on_the_day_chosen(personas):
    task = make_task(
        personas.accountant,
        MONDAY,
        "16:15",
        minutes=45,
        account=personas.account,
        address="Calle Feria 8",
        notes="Llevar firma",
        kind="meeting",
        colour="#00aa55",
    )
    actions.set_status(member=personas.accountant, task=task, status=Status.COMPLETED)
    copy = actions.copy_task(member=personas.accountant, task=task, day=date(2026, 3, 20))
    assert copy.pk != task.pk and copy.uid != task.uid
    assert copy.status == Status.OPEN
    assert copy.day == date(2026, 3, 20)
    assert copy.starts_at == at(date(2026, 3, 20), "16:15")
    assert copy.duration == timedelta(minutes=45)
    same = ("account", "assignee", "kind", "colour", "title", "address", "notes", "all_day")
    assert {f: getattr(copy, f) for f in same} == {f: getattr(task, f) for f in same}
    assert HistoryEvent.objects.filter(verb=Verb.TASK_COPIED, account=personas.account).count() == 1


def test_moving_keeps_the_time_and_duration(personas):
    task = make_task(personas.accountant, MONDAY, "08:30", minutes=90)
    moved = actions.move_task(member=personas.accountant, task=task, day=date(2026, 4, 1))
    assert moved.day == date(2026, 4, 1)
    # 08:30 in Paris on both sides of the change to summer time
    assert moved.starts_at == at(date(2026, 4, 1), "08:30")
    assert moved.duration == timedelta(minutes=90)
    assert moved.sequence == 1


def test_all_day_tasks_move_as_dates(personas):
    starts_at = at(MONDAY, "00:00")
    task = make_task(
        personas.accountant, MONDAY, "00:00", all_day=True, ends_at=starts_at + timedelta(days=2)
    )
    moved = actions.move_task(member=personas.accountant, task=task, day=date(2026, 3, 28))
    assert moved.starts_at == at(date(2026, 3, 28), "00:00")
    # two calendar days, though one of them is 23 hours long (summer time starts on the 29th)
    assert moved.ends_at == at(date(2026, 3, 30), "00:00")


@pytest.mark.parametrize("who", ["outsider", "foreign_owner"])
def test_members_who_cannot_see_a_task_cannot_change_it(personas, who):
    task = make_task(personas.accountant, MONDAY, account=personas.account)
    member = getattr(personas, who)
    for change in (
        lambda: actions.update_task(member=member, task=task, title="x"),
        lambda: actions.set_status(member=member, task=task, status=Status.COMPLETED),
        lambda: actions.move_task(member=member, task=task, day=MONDAY),
        lambda: actions.copy_task(member=member, task=task, day=MONDAY),
    ):
        with pytest.raises(PermissionDenied):
            change()
    task.refresh_from_db()
    assert (task.title, task.status, task.sequence) == ("Revisar IVA", Status.OPEN, 0)


def test_who_sees_which_tasks(personas):
    on_account = make_task(
        personas.owner, MONDAY, account=personas.account, assignee=personas.owner, title="De Núñez"
    )
    other_client = make_task(
        personas.owner,
        MONDAY,
        account=personas.other_account,
        assignee=personas.owner,
        title="De Ibáñez",
    )
    own_internal = make_task(personas.accountant, MONDAY, title="Mía")
    others_internal = make_task(personas.owner, MONDAY, assignee=personas.admin, title="De Adrián")
    assigned = make_task(personas.owner, MONDAY, title="Para Ana", assignee=personas.accountant)
    everything = {on_account, other_client, own_internal, others_internal, assigned}

    def seen(member):
        return set(queries.visible_tasks(member))

    assert seen(personas.owner) == seen(personas.admin) == everything
    # an accountant: her clients' tasks and her own, not others'
    assert seen(personas.accountant) == {on_account, own_internal, assigned}
    assert seen(personas.see_all) == {on_account, other_client}
    assert seen(personas.outsider) == set()
    assert seen(personas.foreign_owner) == set()


def test_the_calendar_shows_a_members_own_tasks_and_managers_choose_whose(personas):
    mine = make_task(personas.accountant, MONDAY, title="Mía")
    admins = make_task(personas.admin, MONDAY, title="De Adrián")
    assert set(queries.calendar_tasks(personas.accountant, None)) == {mine}
    assert set(queries.calendar_tasks(personas.accountant, personas.admin)) == {mine}
    assert set(queries.calendar_tasks(personas.owner, None)) == {mine, admins}
    assert set(queries.calendar_tasks(personas.owner, personas.admin)) == {admins}


def test_day_lists_follow_the_order_of_t2_then_time(personas):
    member = personas.accountant
    late_open = make_task(member, MONDAY, "15:00", title="Abierta tarde")
    early_open = make_task(member, MONDAY, "08:00", title="Abierta pronto")
    done = make_task(member, MONDAY, "07:00", title="Hecha")
    missed = make_task(member, MONDAY, "07:30", title="No atendida")
    running = make_task(member, MONDAY, "16:00", title="En curso")
    for task, status in [
        (done, Status.COMPLETED),
        (missed, Status.NOT_ATTENDED),
        (running, Status.IN_PROGRESS),
    ]:
        actions.set_status(member=member, task=task, status=status)
    rows, total = queries.day_tasks(queries.calendar_tasks(member), MONDAY)
    assert [t.title for t in rows] == [
        "En curso",
        "Abierta pronto",
        "Abierta tarde",
        "No atendida",
        "Hecha",
    ]
    assert total == 5
    assert {early_open, late_open} <= set(rows)


def test_a_month_shows_each_days_first_tasks_and_counts_the_rest(personas):
    member = personas.accountant
    for hour in range(7, 13):
        make_task(member, MONDAY, f"{hour:02}:00", title=f"T{hour}")
    make_task(member, date(2026, 3, 31), title="Última")
    shown, counts = queries.month_tasks(
        queries.calendar_tasks(member), date(2026, 2, 23), date(2026, 4, 5)
    )
    assert counts == {MONDAY: 6, date(2026, 3, 31): 1}
    assert [t.title for t in shown[MONDAY]] == ["T7", "T8", "T9"]
    assert [t.title for t in shown[date(2026, 3, 31)]] == ["Última"]


def test_a_firms_new_time_zone_moves_timed_tasks_days_and_keeps_all_day_dates(personas):
    firm = personas.firm
    late = make_task(personas.owner, MONDAY, "23:30")  # 22:30 UTC
    all_day = make_task(
        personas.owner,
        MONDAY,
        "00:00",
        all_day=True,
        ends_at=at(MONDAY + timedelta(days=1), "00:00"),
    )
    firm.time_zone = "Atlantic/Canary"  # an hour behind Paris: 22:30 there, the same day
    firm.save()
    firm.time_zone = "Asia/Tokyo"
    firm.save()
    late.refresh_from_db()
    all_day.refresh_from_db()
    assert late.day == MONDAY + timedelta(days=1)  # 07:30 on Tuesday in Tokyo
    assert all_day.day == MONDAY
    assert all_day.starts_at == datetime.combine(MONDAY, time(0), tzinfo=ZoneInfo("Asia/Tokyo"))


def test_every_task_verb_is_registered_and_reads_in_spanish(personas):
    for verb in Verb:
        assert isinstance(registry.get(HistoryVerb, verb.value), HistoryVerb)
    make_task(personas.accountant, MONDAY, account=personas.account)
    event = HistoryEvent.objects.get(verb=Verb.TASK_CREATED)
    with translation.override("es"):
        assert event.verb_label == "creó una tarea"


def test_only_the_firms_members_are_assignable(personas):
    stranger = MemberFactory()
    assignable = set(queries.assignable_members(personas.owner, personas.account))
    assert stranger not in assignable and personas.foreign_owner not in assignable
    assert {
        personas.owner,
        personas.admin,
        personas.accountant,
        personas.manager,
        personas.see_all,
    } == assignable

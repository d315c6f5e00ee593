"""The member's private iCalendar feed (T-5), the calendar settings page, and what tasks
contribute to the Overview, the workspace and the digest (through core.registry)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from icalendar import Calendar

from portico.core.models import HistoryEvent
from portico.core.registry import DigestSection, OverviewCard, WorkspaceSection, registry
from portico.work import actions
from portico.work.models import Frequency, MemberCalendar, Status, Verb
from portico.work.recurrence import Repeat
from tests.tasks_setup import at, make_task

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 3, 2)


def feed_url(member):
    return f"/calendar/feed/{member.calendar.feed_token}.ics"


def events_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def feed_member(personas):
    actions.reset_feed(member=personas.accountant)
    personas.accountant.refresh_from_db()
    return personas.accountant


def test_the_feed_round_trips_every_field_icalendar_has(personas, client, feed_member):
    task = make_task(
        feed_member,
        MONDAY,
        "10:15",
        minutes=45,
        account=personas.account,
        title="Reunión con Lucía Núñez; cierre, IVA",
        address="Calle Feria 8, 41003 Sevilla",
        notes="Traer:\n- modelo 303\n- facturas",
        kind="meeting",
    )
    actions.set_status(member=feed_member, task=task, status=Status.COMPLETED)
    task.refresh_from_db()
    event = events_of(client.get(feed_url(feed_member)))[str(task.uid)]
    assert str(event["SUMMARY"]) == "Reunión con Lucía Núñez; cierre, IVA"
    assert event.decoded("DTSTART") == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    assert event["DTSTART"].to_ical() == b"20260302T091500Z"  # UTC
    assert event.decoded("DURATION") == timedelta(minutes=45)
    assert str(event["LOCATION"]) == "Calle Feria 8, 41003 Sevilla"
    assert str(event["DESCRIPTION"]) == "Traer:\n- modelo 303\n- facturas"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["X-PORTICO-STATUS"]) == "completed"
    assert event.decoded("LAST-MODIFIED") == task.updated_at.replace(microsecond=0)
    assert event["SEQUENCE"] == 1
    assert str(event["URL"]).endswith(f"/tasks/{task.pk}/")


def test_an_edit_changes_sequence_and_last_modified_and_keeps_the_uid(client, feed_member):
    task = make_task(feed_member, MONDAY)
    before = events_of(client.get(feed_url(feed_member)))[str(task.uid)]
    actions.update_task(member=feed_member, task=task, title="Revisar IVA (2T)")
    after = events_of(client.get(feed_url(feed_member)))[str(task.uid)]
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    task.refresh_from_db()
    assert after.decoded("LAST-MODIFIED") == task.updated_at.replace(microsecond=0)
    assert after.decoded("DTSTAMP") == task.updated_at.replace(microsecond=0)
    assert str(after["SUMMARY"]) == "Revisar IVA (2T)"
    actions.move_task(member=feed_member, task=task, day=MONDAY + timedelta(days=1))
    moved = events_of(client.get(feed_url(feed_member)))[str(task.uid)]
    assert moved["SEQUENCE"] == 2
    assert moved.decoded("DTSTART") == at(MONDAY + timedelta(days=1), "09:00")


def test_not_attended_is_cancelled_for_calendar_apps(client, feed_member):
    task = make_task(feed_member, MONDAY)
    actions.set_status(member=feed_member, task=task, status=Status.NOT_ATTENDED)
    event = events_of(client.get(feed_url(feed_member)))[str(task.uid)]
    assert (str(event["STATUS"]), str(event["X-PORTICO-STATUS"])) == ("CANCELLED", "not_attended")


def test_an_all_day_task_is_a_date_of_the_firms_calendar(client, feed_member):
    task = make_task(
        feed_member, MONDAY, "00:00", all_day=True, ends_at=at(MONDAY + timedelta(days=2), "00:00")
    )
    event = events_of(client.get(feed_url(feed_member)))[str(task.uid)]
    assert event["DTSTART"].to_ical() == b"20260302"
    assert event.decoded("DURATION") == timedelta(days=2)


def test_recurring_tasks_appear_as_their_occurrences_with_their_exceptions(client, feed_member):
    tasks = actions.create_task(
        member=feed_member,
        account=None,
        assignee=feed_member,
        kind="task",
        colour="#336699",
        title="Conciliación bancaria",
        starts_at=at(MONDAY, "09:00"),
        ends_at=at(MONDAY, "10:00"),
        repeat=Repeat(Frequency.WEEKLY, count=4),
    )
    actions.move_task(member=feed_member, task=tasks[1], day=date(2026, 3, 10))
    actions.set_status(member=feed_member, task=tasks[2], status=Status.COMPLETED)
    events = events_of(client.get(feed_url(feed_member)))
    starts = sorted(e.decoded("DTSTART") for e in events.values())
    # Paris changes to summer time on 29 March: 09:00 stays 09:00 on the wall
    assert starts == [
        datetime(2026, 3, 2, 8, tzinfo=UTC),
        datetime(2026, 3, 10, 8, tzinfo=UTC),
        datetime(2026, 3, 16, 8, tzinfo=UTC),
        datetime(2026, 3, 23, 8, tzinfo=UTC),
    ]
    statuses = {str(events[str(t.uid)]["X-PORTICO-STATUS"]) for t in tasks}
    assert statuses == {"open", "completed"}
    assert [events[str(t.uid)]["SEQUENCE"] for t in tasks] == [0, 1, 1, 0]


def test_the_feed_holds_only_the_members_tasks(personas, client, feed_member):
    mine = make_task(feed_member, MONDAY)
    make_task(personas.owner, MONDAY, title="Del despacho")
    make_task(personas.owner, MONDAY, account=personas.account, title="De su cliente")
    assert set(events_of(client.get(feed_url(feed_member)))) == {str(mine.uid)}


def test_a_revoked_or_guessed_url_answers_404(personas, client, feed_member):
    make_task(feed_member, MONDAY)
    old = feed_url(feed_member)
    actions.reset_feed(member=feed_member)
    feed_member.calendar.refresh_from_db()
    assert client.get(old).status_code == 404
    assert client.get(feed_url(feed_member)).status_code == 200
    assert client.get("/calendar/feed/" + "a" * 43 + ".ics").status_code == 404
    assert client.get("/calendar/feed/short.ics").status_code == 404
    feed_member.is_active = False
    feed_member.save()
    assert client.get(feed_url(feed_member)).status_code == 404


def test_the_feed_reads_stored_events_in_a_fixed_number_of_queries(client, feed_member):
    for n in range(30):
        make_task(feed_member, MONDAY + timedelta(days=n))
    url = feed_url(feed_member)
    with CaptureQueriesContext(connection) as captured:
        assert len(events_of(client.get(url))) == 30
    assert len(captured) == 2  # the token's member, the events


def test_the_settings_page_makes_and_revokes_the_link(personas, client_for):
    client = client_for(personas.accountant, "es")
    page = client.get("/calendar/settings/").content.decode()
    assert "Crear mi enlace de calendario" in page
    client.post("/calendar/settings/feed/")
    token = MemberCalendar.objects.get(member=personas.accountant).feed_token
    assert len(token) >= 40
    page = client.get("/calendar/settings/").content.decode()
    assert f"http://127.0.0.1:8000/calendar/feed/{token}.ics" in page
    assert "Revocar y crear un enlace nuevo" in page
    client.post("/calendar/settings/feed/")
    assert MemberCalendar.objects.get(member=personas.accountant).feed_token != token
    assert HistoryEvent.objects.filter(verb=Verb.FEED_RESET).count() == 2
    assert client.get("/calendar/settings/feed/").status_code == 405


def test_the_digest_preference_is_the_members(personas, client_for):
    client = client_for(personas.accountant)
    client.post("/calendar/settings/digest/", {"digest_due_tasks": "on"})
    assert MemberCalendar.objects.get(member=personas.accountant).digest_due_tasks
    assert "checked" in client.get("/calendar/settings/").content.decode()
    client.post("/calendar/settings/digest/", {})
    assert not MemberCalendar.objects.get(member=personas.accountant).digest_due_tasks
    assert HistoryEvent.objects.filter(verb=Verb.DIGEST_CHANGED).count() == 2


# --- Registry contributions ----------------------------------------------------------------------


def test_the_digest_section_tells_tasks_due_today_and_overdue_to_who_asked(personas):
    section = registry.get(DigestSection, "due_tasks")
    member = personas.accountant
    now = at(MONDAY, "10:00")
    make_task(member, MONDAY, "16:30", account=personas.account, title="Hoy")
    make_task(member, MONDAY - timedelta(days=3), title="Atrasada")
    done = make_task(member, MONDAY - timedelta(days=1), title="Hecha")
    actions.set_status(member=member, task=done, status=Status.COMPLETED)
    make_task(member, MONDAY + timedelta(days=1), title="Mañana")
    assert section.collect(member, [], now) is None  # not asked for
    actions.set_digest_due_tasks(member=member, wanted=True)
    data = section.collect(member, [], now)
    assert [t["title"] for t in data["due_today"]] == ["Hoy"]
    assert [t["title"] for t in data["overdue"]] == ["Atrasada"]
    assert data["due_today"][0]["client"] == "Panadería Núñez SL"
    with translation.override("es"):
        text = render_to_string(section.template + ".txt", {"data": data, "member": member})
        html = render_to_string(section.template + ".html", {"data": data, "member": member})
    assert "Tus tareas de hoy" in text and "16:30 Hoy (Panadería Núñez SL)" in text
    assert "Tus tareas atrasadas" in text and "27 feb 2026 Atrasada" in text
    assert "/tasks/" in html and "Tus tareas atrasadas" in html
    assert section.collect(member, [], at(MONDAY - timedelta(days=10), "10:00")) is None


def test_the_overview_card_and_workspace_section_list_planned_and_in_progress_tasks(personas, rf):
    card = registry.get(OverviewCard, "tasks")
    member = personas.accountant
    today = datetime.now(UTC).date()
    running = make_task(
        member, today - timedelta(days=5), account=personas.account, title="En curso"
    )
    actions.set_status(member=member, task=running, status=Status.IN_PROGRESS)
    make_task(member, today - timedelta(days=2), account=personas.account, title="Pasada")
    for n in range(6):
        make_task(
            member, today + timedelta(days=n + 1), account=personas.account, title=f"Próxima {n}"
        )
    items = card.latest(member, personas.account)
    assert [t.title for t in items] == [
        "En curso",
        "Próxima 0",
        "Próxima 1",
        "Próxima 2",
        "Próxima 3",
    ]
    html = render_to_string(card.template, {"items": items, "account": personas.account})
    assert "En curso" in html and f"/clients/{personas.account.pk}/tasks/" in html
    request = rf.get("/")
    request.member = member
    section = registry.get(WorkspaceSection, "tasks")
    assert [t.title for t in section.context(request, personas.account)["items"]] == [
        t.title for t in items
    ]

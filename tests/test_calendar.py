"""The Calendar page and a client's Tasks tab (T-3, T-4, P-8): views, rights with every persona,
bad input, query counts, holidays and locale."""

from datetime import UTC, date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portico.core.models import HistoryEvent
from portico.work import actions
from portico.work.models import Status, Task, TaskSeries
from tests.tasks_setup import make_task

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 3, 2)
VISIBLE = ["owner", "admin", "accountant", "see_all", "manager"]
REFUSED = ["outsider", "foreign_owner"]


def tab_url(personas, **query):
    base = f"/clients/{personas.account.pk}/tasks/"
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def page(response):
    return response.content.decode()


# --- Rights and tenancy ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", VISIBLE)
def test_the_tasks_tab_opens_for_whoever_sees_the_account(personas, client_for, who):
    make_task(personas.owner, MONDAY, account=personas.account, title="Cierre trimestral")
    response = client_for(getattr(personas, who)).get(tab_url(personas, date="2026-03-02"))
    assert response.status_code == 200
    assert "Cierre trimestral" in page(response)
    assert 'data-testid="profile-tab-tasks"' in page(response)


@pytest.mark.parametrize("who", REFUSED)
def test_the_tasks_tab_is_404_for_others(personas, client_for, who):
    member = getattr(personas, who)
    assert client_for(member).get(tab_url(personas)).status_code == 404
    assert client_for(member).get(f"{tab_url(personas)}new/").status_code == 404


def test_a_portal_client_gets_404_and_anonymous_users_sign_in(personas, client_for):
    client = client_for(personas.client_user)
    assert client.get("/calendar/").status_code == 404
    assert client.get(tab_url(personas)).status_code == 404
    anonymous = client_for(personas.client_user)
    anonymous.logout()
    assert anonymous.get("/calendar/").status_code == 302


def task_urls(task):
    base = f"/tasks/{task.pk}/"
    return [base, f"{base}edit/", f"{base}copy/"]


def test_an_accountant_opens_her_clients_tasks_and_her_own_not_others(personas, client_for):
    hers = make_task(personas.owner, MONDAY, account=personas.account, assignee=personas.owner)
    own = make_task(personas.accountant, MONDAY, title="Mía")
    others = make_task(personas.owner, MONDAY, account=personas.other_account)
    internal = make_task(personas.admin, MONDAY, title="De Adrián")
    client = client_for(personas.accountant)
    for task in (hers, own):
        assert all(client.get(url).status_code == 200 for url in task_urls(task))
    for task in (others, internal):
        assert all(client.get(url).status_code == 404 for url in task_urls(task))
        for action in ("complete", "not-attended", "move", "copy"):
            response = client.post(f"/tasks/{task.pk}/{action}/", {"date": "2026-03-05"})
            assert response.status_code == 404
    assert Task.objects.filter(status=Status.OPEN).count() == 4
    assert Task.objects.count() == 4


@pytest.mark.parametrize("who", REFUSED)
def test_a_task_is_404_to_who_may_not_see_it(personas, client_for, who):
    task = make_task(personas.owner, MONDAY, account=personas.account)
    client = client_for(getattr(personas, who))
    assert all(client.get(url).status_code == 404 for url in task_urls(task))
    assert client.post(f"/tasks/{task.pk}/complete/").status_code == 404


def test_the_calendar_is_the_members_own_and_managers_choose_whose(personas, client_for):
    make_task(personas.accountant, MONDAY, title="La de Ana")
    make_task(personas.admin, MONDAY, title="La de Adrián")
    day = "/calendar/?view=day&date=2026-03-02"
    accountant = page(client_for(personas.accountant).get(day + f"&assignee={personas.admin.pk}"))
    assert "La de Ana" in accountant and "La de Adrián" not in accountant
    assert 'name="assignee"' not in accountant
    owner = client_for(personas.owner)
    assert "La de" not in page(owner.get(day))
    everyone = page(owner.get(day + "&assignee=all"))
    assert "La de Ana" in everyone and "La de Adrián" in everyone
    only_ana = page(owner.get(day + f"&assignee={personas.accountant.pk}"))
    assert "La de Ana" in only_ana and "La de Adrián" not in only_ana
    # the arrows keep the view, the date and whose tasks
    assert f"?view=day&amp;date=2026-03-03&amp;assignee={personas.accountant.pk}" in only_ana


# --- Day and month views --------------------------------------------------------------------------


def test_the_day_view_orders_by_status_then_time_and_shows_each_entry(personas, client_for):
    member = personas.accountant
    titles = {}
    for clock, title, status in [
        ("07:00", "Hecha", Status.COMPLETED),
        ("15:00", "Abierta tarde", Status.OPEN),
        ("07:30", "No atendida", Status.NOT_ATTENDED),
        ("08:00", "Abierta pronto", Status.OPEN),
        ("16:00", "En proceso", Status.IN_PROGRESS),
    ]:
        task = make_task(
            member, MONDAY, clock, account=personas.account, title=title, address="C/ Feria 8"
        )
        actions.set_status(member=member, task=task, status=status)
        titles[title] = task
    html = page(client_for(member, "es").get(tab_url(personas, view="day", date="2026-03-02")))
    order = [html.index(f'data-testid="task-title">{t}<') for t in titles]
    expected = ["En proceso", "Abierta pronto", "Abierta tarde", "No atendida", "Hecha"]
    assert [list(titles)[i] for i in sorted(range(5), key=order.__getitem__)] == expected
    assert "Panadería Núñez SL" in html and "C/ Feria 8" in html
    assert ">En proceso</span>" in html and ">Completada</span>" in html
    assert "Lunes, 2 de marzo de 2026" in html
    assert "bi-check2-square" in html and 'data-task-colour="#1a73e8"' in html


def test_the_arrows_move_a_day_and_a_month(personas, client_for):
    client = client_for(personas.owner, "es")
    day = page(client.get("/calendar/?view=day&date=2026-03-02"))
    assert "?view=day&amp;date=2026-03-01" in day and "?view=day&amp;date=2026-03-03" in day
    month = page(client.get("/calendar/?view=month&date=2026-03-31"))
    assert "Marzo de 2026" in month
    assert "?view=month&amp;date=2026-02-28" in month and "?view=month&amp;date=2026-04-30" in month


def test_the_month_grid_starts_on_monday_and_counts_what_it_does_not_show(personas, client_for):
    for hour in range(8, 14):
        make_task(personas.accountant, MONDAY, f"{hour:02}:00", title=f"Tarea {hour}")
    html = page(client_for(personas.accountant, "fr").get("/calendar/?view=month&date=2026-03-15"))
    assert html.index(">lun.<") < html.index(">mar.<") < html.index(">dim.<")
    assert 'data-testid="day-2026-02-23"' in html  # March 2026 starts on a Sunday
    assert 'data-testid="day-2026-04-05"' in html
    assert "Tarea 8" in html and "Tarea 10" in html and "Tarea 11" not in html
    assert "+3 de plus" in html
    assert "Mars 2026" in html


def test_clicking_an_empty_spot_of_a_day_lists_all_its_tasks(personas, client_for):
    for hour in range(8, 14):
        make_task(personas.accountant, MONDAY, f"{hour:02}:00", title=f"Tarea {hour}")
    client = client_for(personas.accountant, "es")
    month = page(client.get("/calendar/?view=month&date=2026-03-15"))
    assert 'hx-get="/calendar/?view=day&amp;date=2026-03-02"' in month
    response = client.get(
        "/calendar/?view=day&date=2026-03-02",
        headers={"HX-Request": "true", "HX-Target": "calendar-modal-content"},
    )
    html = page(response)
    assert "<html" not in html and 'id="calendar-modal-title"' in html
    assert all(f"Tarea {hour}" in html for hour in range(8, 14))


def test_a_long_day_is_paged(personas, client_for, settings):
    for n in range(55):
        make_task(personas.accountant, MONDAY, "09:00", title=f"T{n:02}")
    client = client_for(personas.accountant)
    first = page(client.get("/calendar/?view=day&date=2026-03-02"))
    assert first.count('data-testid="task-entry"') == 50
    assert "Page 1 of 2" in first
    second = page(client.get("/calendar/?view=day&date=2026-03-02&page=2"))
    assert second.count('data-testid="task-entry"') == 5


@pytest.mark.parametrize(
    "query",
    [
        "date=tomorrow",
        "date=9999-12-31",
        "date=0001-01-01",
        "page=-3",
        "page=x",
        "view=year",
        "assignee=<script>",
    ],
)
def test_odd_urls_show_a_calendar_not_an_error(personas, client_for, query):
    for url in ("/calendar/?", tab_url(personas) + "?"):
        response = client_for(personas.owner).get(url + query)
        assert response.status_code == 200
        assert "<script>" not in page(response).split("</nav>", 1)[1].replace("<script src", "")


def test_public_holidays_of_the_firms_country_and_region(personas, client_for):
    personas.firm.country, personas.firm.region = "ES", "Madrid"
    personas.firm.save()
    client = client_for(personas.owner, "es")
    month = page(client.get("/calendar/?view=month&date=2026-05-01"))
    assert "Fiesta del Trabajo" in month and "Fiesta de la Comunidad de Madrid" in month
    day = page(client.get("/calendar/?view=day&date=2026-05-02"))
    assert 'data-testid="holiday">Fiesta de la Comunidad de Madrid<' in day
    personas.firm.region = ""
    personas.firm.save()
    assert "Comunidad de Madrid" not in page(client.get("/calendar/?view=month&date=2026-05-01"))
    personas.firm.country = "FR"
    personas.firm.save()
    assert "Fête du Travail" in page(
        client_for(personas.owner, "fr").get("/calendar/?view=month&date=2026-05-01")
    )


def test_dates_are_written_day_before_month_in_english_too(personas, client_for):
    html = page(client_for(personas.owner, "en").get("/calendar/?view=day&date=2026-03-02"))
    assert "Monday, 2 March 2026" in html


def test_times_are_the_firms(personas, client_for):
    personas.firm.time_zone = "America/Mexico_City"
    personas.firm.save()
    task = make_task(personas.owner, MONDAY, "09:00")  # 09:00 in Mexico City
    assert task.starts_at.astimezone(UTC).hour == 15
    html = page(client_for(personas.owner).get("/calendar/?view=day&date=2026-03-02"))
    assert "09:00–10:00" in html


def counted(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("view", ["day", "month"])
def test_query_counts_do_not_grow_with_the_tasks_of_the_month(personas, client_for, view):
    """≤ 10 queries whatever the number of tasks (DESIGN.md budgets)."""
    urls = [
        f"/calendar/?view={view}&date=2026-03-02",
        f"/calendar/?view={view}&date=2026-03-02&assignee=all",
        tab_url(personas, view=view, date="2026-03-02"),
    ]
    client = client_for(personas.owner)
    make_task(personas.owner, MONDAY, account=personas.account)
    few = [counted(client, url) for url in urls]
    for n in range(40):
        day = MONDAY + timedelta(days=n % 25)
        make_task(personas.owner, day, f"{8 + n % 9:02}:00", account=personas.account)
    many = [counted(client, url) for url in urls]
    assert few == many
    assert max(many) <= 10


def test_the_accountants_views_stay_within_budget(personas, client_for):
    for n in range(30):
        make_task(personas.accountant, MONDAY + timedelta(days=n % 20), account=personas.account)
    client = client_for(personas.accountant)
    for view in ("day", "month"):
        assert counted(client, f"/calendar/?view={view}&date=2026-03-02") <= 10
        assert counted(client, tab_url(personas, view=view, date="2026-03-02")) <= 10


# --- A task's details and its four actions --------------------------------------------------------


def test_details_show_the_four_actions_in_spanish(personas, client_for):
    task = make_task(personas.accountant, MONDAY, account=personas.account, notes="Modelo 303")
    html = page(client_for(personas.accountant, "es").get(f"/tasks/{task.pk}/"))
    for label in ("Completar", "Copiar", "Editar", "Marcar como no atendida"):
        assert label in html
    assert "Modelo 303" in html and "Panadería Núñez SL" in html
    fragment = client_for(personas.accountant, "es").get(
        f"/tasks/{task.pk}/", headers={"HX-Request": "true"}
    )
    assert "<html" not in page(fragment) and "Completar" in page(fragment)


def test_complete_and_mark_as_not_attended_go_back_where_they_were(personas, client_for):
    task = make_task(personas.accountant, MONDAY, account=personas.account)
    client = client_for(personas.accountant)
    back = "/calendar/?view=month&date=2026-03-02"
    response = client.post(f"/tasks/{task.pk}/complete/", {"next": back})
    assert response.status_code == 302 and response.url == back
    task.refresh_from_db()
    assert task.status == Status.COMPLETED
    client.post(f"/tasks/{task.pk}/not-attended/", {"next": "https://evil.example/"})
    task.refresh_from_db()
    assert task.status == Status.NOT_ATTENDED
    assert client.get(f"/tasks/{task.pk}/complete/").status_code == 405


def test_an_outside_next_is_not_followed(personas, client_for):
    task = make_task(personas.accountant, MONDAY)
    client = client_for(personas.accountant)
    for wanted in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = client.post(f"/tasks/{task.pk}/complete/", {"next": wanted})
        assert response.url == "/calendar/?view=day&date=2026-03-02"


def test_copy_asks_for_a_date(personas, client_for):
    task = make_task(personas.accountant, MONDAY, account=personas.account)
    client = client_for(personas.accountant, "es")
    assert "Copiar «Revisar IVA»" in page(client.get(f"/tasks/{task.pk}/copy/"))
    response = client.post(f"/tasks/{task.pk}/copy/", {"date": "2026-03-09"})
    assert response.status_code == 302
    copy = Task.objects.exclude(pk=task.pk).get()
    assert (copy.day, copy.status) == (date(2026, 3, 9), Status.OPEN)
    bad = client.post(f"/tasks/{task.pk}/copy/", {"date": "el lunes"})
    assert bad.status_code == 400 and Task.objects.count() == 2


def test_edit_changes_one_task_and_refuses_an_end_before_the_start(personas, client_for):
    task = make_task(personas.accountant, MONDAY, account=personas.account)
    client = client_for(personas.accountant, "es")
    form = page(client.get(f"/tasks/{task.pk}/edit/"))
    assert 'value="02/03/2026"' in form and 'value="09:00"' in form
    data = {
        "kind": "meeting",
        "title": "Reunión de cierre",
        "colour": "#00aa55",
        "address": "Calle Feria 8",
        "date": "2026-03-04",
        "start_time": "11:00",
        "end_time": "10:00",
        "assignee": personas.manager.pk,
        "status": Status.IN_PROGRESS,
        "notes": "",
    }
    response = client.post(f"/tasks/{task.pk}/edit/", data)
    assert response.status_code == 400
    assert "El final no puede ser anterior al inicio." in page(response)
    task.refresh_from_db()
    assert (task.title, task.sequence) == ("Revisar IVA", 0)
    response = client.post(f"/tasks/{task.pk}/edit/", {**data, "end_time": "12:30"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.kind, task.day, task.status) == (
        "Reunión de cierre",
        "meeting",
        date(2026, 3, 4),
        Status.IN_PROGRESS,
    )
    assert task.assignee == personas.manager and task.duration == timedelta(minutes=90)


def test_drag_moves_a_task_to_another_day(personas, client_for):
    task = make_task(personas.accountant, MONDAY, "10:15", account=personas.account)
    client = client_for(personas.accountant)
    response = client.post(
        f"/tasks/{task.pk}/move/", {"date": "2026-03-12"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 204
    task.refresh_from_db()
    assert task.day == date(2026, 3, 12) and task.sequence == 1
    assert client.post(f"/tasks/{task.pk}/move/", {"date": "x"}).status_code == 400
    assert client.get(f"/tasks/{task.pk}/move/").status_code == 405


# --- Create task (ACTION) -------------------------------------------------------------------------


def new_task_data(personas, **changes):
    return {
        "kind": "phone_call",
        "title": "Llamar a Lucía",
        "colour": "#ff8800",
        "account": personas.account.pk,
        "address": "Calle Sierpes 1, 41004 Sevilla",
        "date": "2026-03-10",
        "start_time": "10:00",
        "end_time": "10:30",
        "assignee": personas.accountant.pk,
        "notes": "",
        "interval": "1",
        "ends": "count",
        "count": "10",
        **changes,
    }


def test_create_task_from_action_prefills_the_client_and_its_address(personas, client_for):
    personas.account.street, personas.account.postal_code = "Calle Sierpes 1", "41004"
    personas.account.save()
    client = client_for(personas.accountant, "es")
    info = page(client.get(f"/clients/{personas.account.pk}/info/"))
    assert "ACCIÓN" in info and "Crear tarea" in info
    assert f'href="/clients/{personas.account.pk}/tasks/new/"' in info
    form = page(client.get(f"/clients/{personas.account.pk}/tasks/new/"))
    assert f'<option value="{personas.account.pk}" selected>Panadería Núñez SL</option>' in form
    assert 'value="Calle Sierpes 1, 41004 Sevilla"' in form
    response = client.post(f"/clients/{personas.account.pk}/tasks/new/", new_task_data(personas))
    assert response.status_code == 302
    assert response.url == f"/clients/{personas.account.pk}/tasks/?view=day&date=2026-03-10"
    task = Task.objects.get()
    assert (task.account, task.kind, task.title, task.address) == (
        personas.account,
        "phone_call",
        "Llamar a Lucía",
        "Calle Sierpes 1, 41004 Sevilla",
    )
    landed = page(client.get(response.url))
    assert "Llamar a Lucía" in landed and "bi-telephone" in landed


def test_a_repeating_task_from_the_form(personas, client_for):
    client = client_for(personas.accountant)
    data = new_task_data(personas, repeat="weekly", interval="2", ends="until", until="2026-04-30")
    response = client.post(f"/clients/{personas.account.pk}/tasks/new/", data)
    assert response.status_code == 302
    days = sorted(Task.objects.values_list("day", flat=True))
    assert days == [date(2026, 3, 10), date(2026, 3, 24), date(2026, 4, 7), date(2026, 4, 21)]
    html = page(client.get(f"/tasks/{Task.objects.order_by('day').last().pk}/"))
    assert "Every 2 weeks, until 30 Apr 2026" in html and "occurrence 4" in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_time": "09:00"}, "El final no puede ser anterior al inicio."),
        ({"colour": "rojo"}, "Elige un color, como #1a73e8."),
        ({"colour": "#12345"}, "Elige un color, como #1a73e8."),
        ({"assignee": "foreign"}, "Elige a una persona de tu despacho que pueda ver este cliente."),
        (
            {"assignee": "outsider"},
            "Elige a una persona de tu despacho que pueda ver este cliente.",
        ),
        ({"account": "foreign"}, "Elige uno de tus clientes, o ninguno."),
        ({"account": "other"}, "Elige uno de tus clientes, o ninguno."),
        ({"repeat": "daily", "count": "5000"}, "como máximo 1.000 veces"),
        ({"repeat": "daily", "ends": "until", "until": "2031-01-01"}, "como máximo 1.000 veces"),
        ({"repeat": "daily", "ends": "", "count": ""}, "necesita un final"),
        ({"date": "31/02/2026"}, "“31/02/2026” no es una fecha."),
        ({"start_time": ""}, "Indica una hora, o marca Todo el día."),
        ({"title": ""}, "Este campo es obligatorio."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_written(
    personas, client_for, changes, message
):
    people = {"foreign": personas.foreign_owner.pk, "outsider": personas.outsider.pk}
    accounts = {"foreign": personas.foreign_account.pk, "other": personas.other_account.pk}
    if "assignee" in changes:
        changes["assignee"] = people[changes["assignee"]]
    if "account" in changes:
        changes["account"] = accounts[changes["account"]]
    client = client_for(personas.accountant, "es")
    for url in (f"/clients/{personas.account.pk}/tasks/new/", "/tasks/new/"):
        response = client.post(url, new_task_data(personas, **changes))
        assert response.status_code == 400
        assert message in page(response)
    assert not Task.objects.exists() and not TaskSeries.objects.exists()
    assert not HistoryEvent.objects.exists()


def test_a_new_task_from_the_calendar_finds_its_client_by_name(personas, client_for):
    client = client_for(personas.accountant, "es")
    found = page(client.get("/tasks/new/?q=nunez&date=2026-03-10"))
    assert "Panadería Núñez SL" in found and "Talleres Ibáñez" not in found
    chosen = page(client.get(f"/tasks/new/?account={personas.account.pk}&date=2026-03-10"))
    assert f'<option value="{personas.account.pk}" selected>' in chosen
    # an account the accountant may not see is not offered
    hidden = page(client.get(f"/tasks/new/?account={personas.other_account.pk}"))
    assert "Talleres Ibáñez" not in hidden
    internal = new_task_data(personas, account="", assignee=personas.outsider.pk)
    response = client.post("/tasks/new/", internal)
    assert response.status_code == 302 and response.url == "/calendar/?view=day&date=2026-03-10"
    assert Task.objects.get().account is None


def test_the_sidebar_links_to_the_calendar(personas, client_for):
    html = page(client_for(personas.accountant, "es").get("/clients/"))
    assert 'href="/calendar/"' in html and "Calendario" in html

"""Seed 003's tasks, step by step, in Spanish and in French: the profile's Tasks tab, ACTION →
Create task with the client filled in, the day view and its arrows, the month view and its
arrows, a day's list from an empty spot of its cell, the four actions of a task's details, the
order by status, and dragging a task to another day."""

from datetime import timedelta

import pytest
from django.utils import translation
from playwright.sync_api import expect

from portico.work import actions, dates
from portico.work.models import Status, Task
from tests.browser.test_sign_in import sign_in
from tests.factories import PASSWORD
from tests.tasks_setup import make_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {
    "es": {
        "tab": "Tareas",
        "action": "ACCIÓN",
        "create": "Crear tarea",
        "type": "Tipo",
        "phone_call": "Llamada telefónica",
        "title": "Título",
        "client": "Cliente",
        "address": "Dirección",
        "date": "Fecha",
        "start": "Hora de inicio",
        "end": "Hora de fin",
        "save": "Guardar",
        "day": "Día",
        "month": "Mes",
        "previous_day": "Día anterior",
        "next_day": "Día siguiente",
        "previous_month": "Mes anterior",
        "next_month": "Mes siguiente",
        "complete": "Completar",
        "copy": "Copiar",
        "edit": "Editar",
        "not_attended": "Marcar como no atendida",
        "statuses": ["En proceso", "Abierta", "Abierta", "No atendida", "Completada"],
        "completed": "Completada",
        "missed": "No atendida",
    },
    "fr": {
        "tab": "Tâches",
        "action": "ACTION",
        "create": "Créer une tâche",
        "type": "Type",
        "phone_call": "Appel téléphonique",
        "title": "Titre",
        "client": "Client",
        "address": "Adresse",
        "date": "Date",
        "start": "Heure de début",
        "end": "Heure de fin",
        "save": "Enregistrer",
        "day": "Jour",
        "month": "Mois",
        "previous_day": "Jour précédent",
        "next_day": "Jour suivant",
        "previous_month": "Mois précédent",
        "next_month": "Mois suivant",
        "complete": "Terminer",
        "copy": "Copier",
        "edit": "Modifier",
        "not_attended": "Marquer comme non honorée",
        "statuses": ["En cours", "Ouverte", "Ouverte", "Non honorée", "Terminée"],
        "completed": "Terminée",
        "missed": "Non honorée",
    },
}


def in_language(language, function, *args):
    with translation.override(language):
        return function(*args)


@pytest.fixture
def day_of_tasks(personas):
    """Today's five tasks of the accountant's client, one per status but two open."""
    member, today = personas.accountant, dates.today(personas.firm)
    personas.account.street, personas.account.city = "Calle Feria 8", "Sevilla"
    personas.account.save()
    tasks = {}
    for clock, title, status in [
        ("07:00", "Cerrar el trimestre", Status.COMPLETED),
        ("15:00", "Revisar facturas", Status.OPEN),
        ("07:30", "Visita al almacén", Status.NOT_ATTENDED),
        ("08:00", "Llamar al banco", Status.OPEN),
        ("16:00", "Preparar el modelo 303", Status.IN_PROGRESS),
    ]:
        task = make_task(member, today, clock, account=personas.account, title=title)
        if status != Status.OPEN:
            actions.set_status(member=member, task=task, status=status)
        tasks[title] = task
    return today, tasks


def entries(page):
    return page.get_by_test_id("day-list").get_by_test_id("task-entry")


@pytest.mark.parametrize("language", ["es", "fr"])
def test_seed_003_tasks(page, live_server, personas, day_of_tasks, language):
    labels, (today, tasks) = LABELS[language], day_of_tasks
    tomorrow = today + timedelta(days=1)
    sign_in(page, live_server, personas.accountant.user.email, PASSWORD, language)
    page.goto(f"{live_server.url}/clients/{personas.account.pk}/")

    # The Tasks tab: the day view of today, in the order of the statuses, then by time
    page.get_by_role("link", name=labels["tab"], exact=True).click()
    title = page.get_by_test_id("calendar-title")
    expect(title).to_have_text(in_language(language, dates.day_title, today))
    expect(entries(page).get_by_test_id("task-title")).to_have_text(
        [
            "Preparar el modelo 303",
            "Llamar al banco",
            "Revisar facturas",
            "Visita al almacén",
            "Cerrar el trimestre",
        ]
    )
    expect(entries(page).get_by_test_id("task-status")).to_have_text(labels["statuses"])
    first = entries(page).first
    expect(first.get_by_test_id("task-client")).to_have_text("Panadería Núñez SL")

    # The arrows move a day
    page.get_by_role("link", name=labels["next_day"]).click()
    expect(title).to_have_text(in_language(language, dates.day_title, tomorrow))
    page.get_by_role("link", name=labels["previous_day"]).click()
    expect(title).to_have_text(in_language(language, dates.day_title, today))

    # ACTION → Create task: the client's name and address are filled in
    page.get_by_role("button", name=labels["action"]).click()
    page.get_by_role("link", name=labels["create"]).click()
    form = page.get_by_test_id("task-form")
    expect(form.get_by_label(labels["client"])).to_have_value(str(personas.account.pk))
    expect(form.get_by_label(labels["client"]).locator("option:checked")).to_have_text(
        "Panadería Núñez SL"
    )
    expect(form.get_by_label(labels["address"])).to_have_value("Calle Feria 8, Sevilla")
    form.get_by_label(labels["type"]).select_option(label=labels["phone_call"])
    form.get_by_label(labels["title"]).fill("Llamar a Lucía")
    # typed in the locale's order, day first, as es, fr and en-GB write it
    form.get_by_label(labels["date"], exact=True).fill(tomorrow.strftime("%d/%m/%Y"))
    form.get_by_label(labels["start"]).fill("10:00")
    form.get_by_label(labels["end"]).fill("10:30")
    form.get_by_role("button", name=labels["save"]).click()
    # ... and lands in the day view of its date
    expect(title).to_have_text(in_language(language, dates.day_title, tomorrow))
    expect(entries(page).filter(has_text="Llamar a Lucía")).to_have_count(1)
    created = Task.objects.get(title="Llamar a Lucía")
    assert (created.account, created.kind, created.day) == (
        personas.account,
        "phone_call",
        tomorrow,
    )
    page.get_by_role("link", name=labels["previous_day"]).click()

    # Complete, from the task's details
    entries(page).filter(has_text="Llamar al banco").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_test_id("task-details")).to_contain_text("Panadería Núñez SL")
    dialog.get_by_role("button", name=labels["complete"]).click()
    done = entries(page).filter(has_text="Llamar al banco")
    expect(done.get_by_test_id("task-status")).to_have_text(labels["completed"])
    expect(entries(page).last.get_by_test_id("task-title")).to_have_text("Llamar al banco")

    # Mark as not attended
    entries(page).filter(has_text="Revisar facturas").click()
    page.get_by_role("dialog").get_by_role("button", name=labels["not_attended"]).click()
    missed = entries(page).filter(has_text="Revisar facturas")
    expect(missed.get_by_test_id("task-status")).to_have_text(labels["missed"])

    # Copy, for a date you choose
    entries(page).filter(has_text="Preparar el modelo 303").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("link", name=labels["copy"]).click()
    dialog.get_by_label(labels["date"]).fill(tomorrow.isoformat())
    dialog.get_by_role("button", name=labels["copy"]).click()
    expect(page.get_by_role("alert")).to_be_visible()
    copies = Task.objects.filter(title="Preparar el modelo 303").order_by("pk")
    assert [(t.day, t.status) for t in copies] == [
        (today, Status.IN_PROGRESS),
        (tomorrow, Status.OPEN),
    ]

    # Edit
    entries(page).filter(has_text="Visita al almacén").click()
    page.get_by_role("dialog").get_by_role("link", name=labels["edit"]).click()
    form = page.get_by_test_id("task-form")
    form.get_by_label(labels["title"]).fill("Visita al almacén de Triana")
    form.get_by_role("button", name=labels["save"]).click()
    expect(entries(page).filter(has_text="Visita al almacén de Triana")).to_have_count(1)
    expect(title).to_have_text(in_language(language, dates.day_title, today))

    # The month view: the Month button, its arrows
    page.get_by_role("link", name=labels["month"], exact=True).click()
    expect(title).to_have_text(in_language(language, dates.month_title, today))
    page.get_by_role("link", name=labels["next_month"]).click()
    expect(title).to_have_text(in_language(language, dates.month_title, dates.add_months(today, 1)))
    page.get_by_role("link", name=labels["previous_month"]).click()
    expect(title).to_have_text(in_language(language, dates.month_title, today))

    # An empty spot of today's cell lists all of today's tasks
    cell = page.get_by_test_id(f"day-{today.isoformat()}")
    expect(cell.get_by_test_id("task-entry")).to_have_count(3)
    box = cell.bounding_box()
    cell.click(position={"x": box["width"] - 6, "y": box["height"] - 6})
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_test_id("task-entry")).to_have_count(5)
    expect(dialog.get_by_role("heading")).to_have_text(
        in_language(language, dates.day_title, today)
    )
    dialog.get_by_role("button").first.click()
    expect(dialog).to_be_hidden()

    # Drag a task to another day of the month
    target = today.replace(day=15 if today.day != 15 else 16)
    chip = cell.get_by_test_id("task-entry").filter(has_text="Preparar el modelo 303")
    chip.drag_to(page.get_by_test_id(f"day-{target.isoformat()}"))
    moved_cell = page.get_by_test_id(f"day-{target.isoformat()}")
    expect(moved_cell.get_by_test_id("task-entry").filter(has_text="Preparar")).to_have_count(1)
    moved = Task.objects.get(pk=tasks["Preparar el modelo 303"].pk)
    assert moved.day == target
    assert dates.local(moved.starts_at, personas.firm).strftime("%H:%M") == "16:00"

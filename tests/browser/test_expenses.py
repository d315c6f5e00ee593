"""Importing a card export from the client workspace (E-1), in a real browser: the dry run
lists the rows, the confirmation imports them."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from portico.expenses.models import Expense
from tests.browser.test_sign_in import sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CSV = (
    "\ufeffFecha;Comercio;Importe;Categoría\r\n"
    "03/11/2026;Cafetería Núñez;12,50;Comidas y atenciones\r\n"
    "04/11/2026;Repsol;1.234,56;\r\n"
).encode()


def test_import_checks_the_file_then_imports_it(page, live_server, personas):
    sign_in(page, live_server, personas.manager.user.email, PASSWORD, "es")
    page.goto(live_server.url + reverse("clients:workspace", args=[personas.account.pk]))
    page.get_by_role("link", name="Importar un CSV").click()
    page.get_by_label("Extracto de tarjeta o banco (CSV)").set_input_files(
        files=[{"name": "movimientos.csv", "mimeType": "text/csv", "buffer": CSV}]
    )
    page.get_by_role("button", name="Comprobar el archivo").click()
    expect(page.get_by_test_id("import-preview")).to_contain_text("2 gastos están listos")
    assert Expense.objects.count() == 0
    page.get_by_role("button", name="Importar 2 gastos").click()
    expect(page.get_by_role("alert")).to_contain_text("2 gastos importados.")
    expect(page.get_by_test_id("expense-row")).to_have_count(2)
    assert sorted(Expense.objects.values_list("merchant", flat=True)) == [
        "Cafetería Núñez",
        "Repsol",
    ]


def test_importe_typed_the_spanish_way_is_saved_as_typed(page, live_server, personas):
    """Issue 14, fault 1: Importe 12,50 saved 1 250,00 € (the number input dropped the comma)."""
    sign_in(page, live_server, personas.manager.user.email, PASSWORD, "es")
    page.goto(live_server.url + reverse("clients:workspace", args=[personas.account.pk]))
    page.get_by_role("link", name="Añadir un gasto").click()
    page.get_by_label("Fecha").fill("2026-11-02")
    page.get_by_label("Comercio").fill("Cafetería Núñez")
    amount = page.get_by_label("Importe")
    expect(amount).to_have_attribute("inputmode", "decimal")
    amount.fill("12,50")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("alert")).to_contain_text("Gasto añadido.")
    expect(page.get_by_test_id("expense-row")).to_contain_text("12,50\xa0€")
    assert Expense.objects.get().amount == Decimal("12.50")

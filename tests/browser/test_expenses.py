"""Importing a card export from the client workspace (E-1), in a real browser: the dry run
lists the rows, the confirmation imports them."""

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

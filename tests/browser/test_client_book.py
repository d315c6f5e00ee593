"""Import and export of the client book (X-3, C-8) in a real browser, in Spanish and French:
the dry run lists the rows and writes nothing, Import writes them; the export downloads a file
that opens again; Home shows the member's work."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from portico.clients.models import ClientAccount, Contact
from tests.browser.test_sign_in import sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILES = {
    "es": (
        "Nombre;NIF;Ciudad;Nombre del contacto;Apellidos;Correo electrónico\r\n"
        "Peña Hermanos SL;B58378431;Cádiz;Luis;Núñez;luis@example.es\r\n"
        "Lœwen SARL;;Lyon;Zoé;Lœwen;zoe@example.fr\r\n"
    ).encode("cp1252"),
    "fr": (
        "Nom;SIREN;Ville;Prénom;Nom de famille;E-mail\r\n"
        "Peña Hermanos SL;732829320;Cádiz;Luis;Núñez;luis@example.es\r\n"
        "Lœwen SARL;;Lyon;Zoé;Lœwen;zoe@example.fr\r\n"
    ).encode("cp1252"),
}
LABELS = {
    "es": {
        "import": "Importar",
        "file": "Hoja de clientes (CSV o Excel .xlsx)",
        "check": "Comprobar el archivo",
        "creates": "2 filas crean",
        "done": "Hecho: 2 filas creadas",
        "back": "Volver a los clientes",
        "header": "Nombre de la cuenta",
        "home": "Inicio",
        "creates_500": "500 filas crean",
        "done_500": "Hecho: 500 filas creadas",
    },
    "fr": {
        "import": "Importer",
        "file": "Tableur des clients (CSV ou Excel .xlsx)",
        "check": "Vérifier le fichier",
        "creates": "2 lignes créées",
        "done": "Terminé : 2 lignes créées",
        "back": "Retour aux clients",
        "header": "Nom du compte",
        "home": "Accueil",
        "creates_500": "500 lignes créées",
        "done_500": "Terminé : 500 lignes créées",
    },
}


HEADER = ["Nombre", "Ciudad", "Nombre del contacto", "Apellidos", "Correo electrónico"]


def xlsx_of_500() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for n in range(500):
        sheet.append([f"Peña Hermanos {n} SL", "Cádiz", "Luis", "Núñez", f"luis{n}@example.es"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cp1252_csv_of_500() -> bytes:
    """As Spanish and French Excel write a CSV: Windows-1252 (œ included), ';', CRLF."""
    lines = [";".join(HEADER)]
    lines += [f"Lœwen {n} SARL;Lyon;Zoé;Lœwen;zoe{n}@example.fr" for n in range(500)]
    return "\r\n".join(lines).encode("cp1252")


@pytest.mark.parametrize("language", ["es", "fr"])
def test_import_500_accounts_from_an_xlsx_and_500_from_a_windows_1252_csv(
    page, live_server, personas, language
):
    """Issue 18's acceptance: each file's dry run lists 500 creations and writes nothing; its
    import writes them, accents intact."""
    labels = LABELS[language]
    sign_in(page, live_server, personas.owner.user.email, PASSWORD, language)
    before = ClientAccount.objects.count()
    files = [
        ("clientes.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("clientes.csv", "text/csv"),
    ]
    for (name, mime), data in zip(files, [xlsx_of_500(), cp1252_csv_of_500()], strict=True):
        page.goto(f"{live_server.url}{reverse('clientbook:import')}")
        page.get_by_label(labels["file"]).set_input_files(
            files=[{"name": name, "mimeType": mime, "buffer": data}]
        )
        page.get_by_role("button", name=labels["check"]).click()
        expect(page.get_by_test_id("count-create")).to_have_text(labels["creates_500"])
        assert ClientAccount.objects.count() == before  # a dry run
        page.get_by_test_id("import-run").click()
        expect(page.get_by_test_id("import-done")).to_contain_text(labels["done_500"])
        before += 500
        assert ClientAccount.objects.count() == before
    assert ClientAccount.objects.filter(name__startswith="Peña Hermanos ").count() == 500
    assert Contact.objects.get(emails__email="zoe499@example.fr").last_name == "Lœwen"
    assert ClientAccount.objects.get(name="Lœwen 7 SARL").city == "Lyon"


@pytest.mark.parametrize("language", ["es", "fr"])
def test_import_a_csv_then_export_it(page, live_server, personas, language):
    labels = LABELS[language]
    sign_in(page, live_server, personas.owner.user.email, PASSWORD, language)
    page.get_by_test_id("import-clients").click()
    page.get_by_label(labels["file"]).set_input_files(
        files=[{"name": "clientes.csv", "mimeType": "text/csv", "buffer": FILES[language]}]
    )
    page.get_by_role("button", name=labels["check"]).click()
    expect(page.get_by_test_id("count-create")).to_have_text(labels["creates"])
    expect(page.get_by_test_id("import-row-3")).to_contain_text("Lœwen SARL")
    assert not ClientAccount.objects.filter(name="Lœwen SARL").exists()  # a dry run

    page.get_by_test_id("import-run").click()
    expect(page.get_by_test_id("import-done")).to_contain_text(labels["done"])
    assert Contact.objects.get(emails__email="zoe@example.fr").last_name == "Lœwen"
    page.get_by_role("link", name=labels["back"]).click()

    # Export: nothing ticked exports what the search matches
    page.locator("#id_q").fill("lœwen")
    expect(page.get_by_test_id("client-table")).to_contain_text("Lœwen SARL")
    expect(page.get_by_test_id("client-table").locator("tbody tr")).to_have_count(1)
    with page.expect_download() as csv_download:
        page.get_by_test_id("export-csv").click()
    with open(csv_download.value.path(), encoding="utf-8-sig") as handle:
        text = handle.read()
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][1] == labels["header"]
    assert [r[1] for r in rows[1:]] == ["Lœwen SARL"]

    with page.expect_download() as xlsx_download:
        page.get_by_test_id("export-xlsx").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    with open(xlsx_download.value.path(), "rb") as handle:
        book = openpyxl.load_workbook(io.BytesIO(handle.read()), read_only=True)
    sheet = book.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][1] == labels["header"] and values[1][1] == "Lœwen SARL"

    # Home
    page.get_by_role("link", name=labels["home"], exact=True).click()
    expect(page.get_by_test_id("home-cards")).to_be_visible()


def test_home_works_at_390_px(page, live_server, personas):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, personas.owner.user.email, PASSWORD, "es")
    page.goto(live_server.url + reverse("home"))
    expect(page.get_by_test_id("home-onboarding")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= 390 + 1")

"""CSV import of card and bank exports (E-1): the mapping of docs/IMPORT-EXPENSES.md, the dry
run that lists every bad row, and all-or-nothing writing."""

import time
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import machine
from portico.core.models import HistoryEvent
from portico.expenses import imports
from portico.expenses.models import Expense, ExpenseSummary

NORMAL_REFERENCE_MS = 45  # bench/machine.py's reference on a quiet machine: 29–45 ms
SPANISH = (
    "\ufeffFecha;Comercio;Importe;Moneda;Categoría;Nota\n"
    "03/11/2026;Cafetería Núñez;-12,50;EUR;Comidas y atenciones;Desayuno con cliente\n"
    "2026-11-04;Repsol Gasolinera;1.234,56;;Combustible y aparcamiento;\n"
    "05.11.2026;Papelería Peña;7,3;EUR;;\n"
).encode()


def url(account, name="import"):
    return reverse(f"expenses:{name}", args=[account.pk])


def upload(content, name="movimientos.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_parse_reads_spanish_headers_decimal_comma_bom_and_several_date_formats():
    parsed = imports.parse(SPANISH, default_currency="EUR")
    assert parsed.problems == []
    assert [(r.row, r.spent_on, r.amount, r.currency, r.category) for r in parsed.rows] == [
        (2, date(2026, 11, 3), Decimal("12.50"), "EUR", "meals"),
        (3, date(2026, 11, 4), Decimal("1234.56"), "EUR", "fuel"),
        (4, date(2026, 11, 5), Decimal("7.3"), "EUR", ""),
    ]
    assert parsed.rows[0].note == "Desayuno con cliente"


def test_parse_reads_english_and_french_exports_with_commas_and_quotes():
    english = b'date,merchant,amount,currency\n2026-11-03,"Hotel Paris, Opera",1,234.50,EUR\n'
    parsed = imports.parse(english, default_currency="EUR")
    # "1,234.50" without quotes splits into two cells: the row is reported, not misread.
    assert parsed.rows == [] and parsed.problems[0].row == 2
    french = "Date;Commerçant;Montant;Devise\n03/11/2026;Boulangerie Dupré;4,20;€\n".encode()
    (row,) = imports.parse(french, default_currency="USD").rows
    assert (row.merchant, row.amount, row.currency) == ("Boulangerie Dupré", Decimal("4.20"), "EUR")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12,50", "12.50"),
        ("12.50", "12.50"),
        ("-1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1 234,56 €", "1234.56"),
        ("(45.00)", "45.00"),
        ("1.234.567", "1234567"),
    ],
)
def test_amounts_with_decimal_comma_or_dot(text, expected):
    assert imports.parse_amount(text, []) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "doce", "12,345", "1.234", "0", "12..5", "1e5"])
def test_amounts_that_are_not_clear_are_refused(text):
    errors = []
    assert imports.parse_amount(text, errors) is None
    assert errors


@given(st.decimals(min_value="0.01", max_value="99999999", places=2))
def test_any_amount_written_either_way_reads_back(value):
    dot = f"{value:,.2f}"
    comma = dot.replace(",", " ").replace(".", ",")
    assert imports.parse_amount(dot, []) == value
    assert imports.parse_amount(comma, []) == value


def test_every_bad_row_is_reported_in_the_users_language(personas, client_for):
    bad = (
        b"fecha;comercio;importe;categoria\n"
        b"31/02/2026;Bar Pepe;10,00;\n"
        b"01/11/2026;;doce;\n"
        b"02/11/2026;Taxi Ruiz;8,40;Juguetes\n"
        b"03/11/2026;Metro;1,50;\n"
    )
    client = client_for(personas.manager, "es")
    response = client.post(url(personas.account), {"file": upload(bad)})
    assert response.status_code == 400
    problems = [(p.row, p.message) for p in response.context["parsed"].problems]
    assert [row for row, _ in problems] == [2, 3, 4]
    assert "«31/02/2026»" in problems[0][1] or "“31/02/2026”" in problems[0][1]
    assert "no es una fecha" in problems[0][1]
    assert "el comercio está vacío" in problems[1][1] and "no es un importe" in problems[1][1]
    assert "Juguetes" in problems[2][1]
    html = response.content.decode()
    assert "No se ha importado nada" in html and "Fila 3" in html
    assert Expense.objects.count() == 0 and not ExpenseSummary.objects.exists()


def test_wrong_columns_are_reported_on_the_header_row(personas, client_for):
    response = client_for(personas.manager, "fr").post(
        url(personas.account), {"file": upload(b"Fecha valor;Saldo\n01/11/2026;100\n")}
    )
    (problem,) = response.context["parsed"].problems
    assert problem.row == 1
    assert "Colonnes manquantes" in problem.message and "“Saldo”" in problem.message
    assert Expense.objects.count() == 0


@pytest.mark.parametrize(
    "encoding, line_end",
    [
        ("utf-8", "\n"),
        ("utf-8-sig", "\r\n"),
        ("utf-16", "\r\n"),  # "Unicode text" of spreadsheets, with its byte-order mark
        ("utf-16-le", "\r\n"),  # the same without one
        ("cp1252", "\r\n"),  # Excel's "CSV" on Windows
        ("latin-1", "\n"),
        ("mac_roman", "\r"),  # Excel for Mac's "CSV (Macintosh)": CR line ends, Mac Roman
    ],
)
def test_files_in_every_encoding_and_line_end_spreadsheets_write_are_read(
    personas, client_for, encoding, line_end
):
    text = "Fecha;Comercio;Importe;Nota\n01/11/2026;Panadería Núñez;3,20;Pan de centeno\n"
    data = text.replace("\n", line_end).encode(encoding)
    response = client_for(personas.manager, "es").post(
        url(personas.account), {"file": upload(data)}
    )
    assert response.status_code == 200
    (row,) = response.context["parsed"].rows
    assert (row.merchant, row.amount, row.note) == (
        "Panadería Núñez",
        Decimal("3.20"),
        "Pan de centeno",
    )
    assert "Panadería Núñez" in response.context["text"]


def test_dry_run_writes_nothing_then_confirm_imports_every_row_at_once(personas, client_for):
    client = client_for(personas.manager, "es")
    preview = client.post(url(personas.account), {"file": upload(SPANISH)})
    assert preview.status_code == 200
    assert "3 gastos están listos para importar" in preview.content.decode()
    assert Expense.objects.count() == 0
    text = preview.context["text"]
    done = client.post(
        url(personas.account), {"text": text, "filename": "movimientos.csv", "confirm": "1"}
    )
    assert done.status_code == 302
    assert Expense.objects.filter(account=personas.account).count() == 3
    summary = ExpenseSummary.objects.get(account=personas.account)
    assert (summary.missing_receipts, summary.ready_to_export) == (3, 0)
    event = HistoryEvent.objects.get(verb=HistoryEvent.Verb.EXPENSES_IMPORTED)
    assert (event.subject, event.after) == ("movimientos.csv", {"count": 3})


def test_a_tampered_confirmation_with_a_bad_row_writes_nothing(personas, client_for):
    text = SPANISH.decode("utf-8-sig") + "99/99/2026;Mal;1,00;;;\n"
    response = client_for(personas.manager).post(
        url(personas.account), {"text": text, "confirm": "1"}
    )
    assert response.status_code == 400
    assert Expense.objects.count() == 0


def test_an_empty_upload_is_refused(personas, client_for):
    response = client_for(personas.manager, "es").post(url(personas.account), {})
    assert response.status_code == 400
    assert "Elige un archivo CSV" in response.content.decode()


@pytest.mark.parametrize("who", ["accountant", "see_all", "outsider", "foreign_owner"])
def test_import_is_refused_without_manage_accounts_on_the_account(personas, client_for, who):
    client = client_for(getattr(personas, who))
    assert client.get(url(personas.account)).status_code == 404
    response = client.post(url(personas.account), {"file": upload(SPANISH)})
    assert response.status_code == 404
    assert Expense.objects.count() == 0


def test_a_client_user_gets_404(personas, client_for):
    assert client_for(personas.client_user).get(url(personas.account)).status_code == 404


# --- Any bytes: a preview or a clear message, quickly, never a 500 (issue 14, fault 3) --------


def post_quickly(client, account, data, seconds=2.0):
    """The upload answered within `seconds` on a machine of normal speed: the bound grows with
    bench/machine.py's reference when the machine is slower than its usual 30–45 ms (a loaded
    machine ran these 2–3× slower; the fault they guard against took 20 s)."""
    started = time.perf_counter()
    response = client.post(url(account), {"file": upload(data)})
    took = time.perf_counter() - started
    slowness = max(1.0, machine.speed(rounds=3)["min_ms"] / NORMAL_REFERENCE_MS)
    assert took < seconds * slowness
    return response


def test_a_semicolon_file_with_cr_line_ends_gets_its_preview(personas, client_for):
    """Old Mac Excel: lines end with CR alone (was a 500: csv.Error, new-line character seen
    in unquoted field)."""
    data = b"Fecha;Comercio;Importe\r03/11/2026;Bar Pepe;12,50\r04/11/2026;Taxi Ruiz;8,40\r"
    response = post_quickly(client_for(personas.manager, "es"), personas.account, data)
    assert response.status_code == 200
    assert [(r.row, r.merchant, r.amount) for r in response.context["parsed"].rows] == [
        (2, "Bar Pepe", Decimal("12.50")),
        (3, "Taxi Ruiz", Decimal("8.40")),
    ]


def test_fifty_thousand_bad_rows_are_refused_within_two_seconds(personas, client_for):
    """0.9 MB of bad rows took 20 s (the row limit was checked after reading them all)."""
    data = b"fecha;comercio;importe\n" + b"99/99/2026;Bar;doce\n" * 50_000
    assert len(data) < imports.LIMITS.size
    response = post_quickly(client_for(personas.manager, "es"), personas.account, data)
    assert response.status_code == 400
    (problem,) = response.context["parsed"].problems
    assert problem.row is None
    assert problem.message == (
        "El archivo tiene más de 5.000 filas: divídelo e importa cada parte."
    )
    assert Expense.objects.count() == 0


def test_five_thousand_bad_rows_list_the_first_hundred_and_count_the_rest(personas, client_for):
    data = b"fecha;comercio;importe\n" + b"99/99/2026;Bar;doce\n" * 5_000
    response = post_quickly(client_for(personas.manager, "fr"), personas.account, data)
    assert response.status_code == 400
    assert len(response.context["parsed"].problems) == 5_000
    html = response.content.decode()
    assert html.count('data-testid="import-problem"') == 100
    assert "… et 4\u202f900 autres lignes avec des problèmes." in html


def test_a_value_of_one_megabyte_is_refused_with_its_row(personas, client_for):
    """A 1 MB quoted field was a 500 (csv.Error: field larger than field limit)."""
    data = b'fecha;comercio;importe;nota\n01/11/2026;Bar;1,00;ok\n02/11/2026;Bar;1,00;"'
    data += b"x" * 1_000_000 + b'"\n'
    response = post_quickly(client_for(personas.manager, "es"), personas.account, data)
    assert response.status_code == 400
    (problem,) = response.context["parsed"].problems
    assert problem.row == 3
    assert "más de 2.000 caracteres" in problem.message and "comillas" in problem.message


def test_an_unclosed_quote_is_refused_not_read_to_the_end(personas, client_for):
    data = b'fecha;comercio;importe\n01/11/2026;"Bar;1,00\n' + b"02/11/2026;Bar;1,00\n" * 200
    response = post_quickly(client_for(personas.manager, "en"), personas.account, data)
    (problem,) = response.context["parsed"].problems
    assert problem.row == 2 and "quotation marks are closed" in problem.message


@pytest.mark.parametrize(
    "data, message",
    [
        (b"PK\x03\x04" + bytes(range(256)) * 4, "no un archivo CSV"),  # an .xlsx workbook
        (b"\xd0\xcf\x11\xe0" + bytes(200), "no un archivo CSV"),  # an .xls one
        (b"%PDF-1.4\n\x00\x01\x02\x03" * 20, "no es un texto legible"),
        (bytes(range(256)) * 8, "no es un texto legible"),
        (b"", "Elige un archivo CSV"),  # nothing chosen
        (b"  \n\r\n", "Este archivo está vacío."),
        (b"x" * (2 * 1024 * 1024 + 1), "Este archivo ocupa más de 2,0\xa0MB."),
    ],
)
def test_files_that_are_not_csv_text_get_a_clear_message(personas, client_for, data, message):
    response = post_quickly(client_for(personas.manager, "es"), personas.account, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Expense.objects.count() == 0


CSV_PIECES = st.sampled_from(
    [
        "fecha",
        "comercio",
        "importe",
        "nota",
        "01/11/2026",
        "Bar",
        "12,50",
        "1.234",
        ";",
        ",",
        "\t",
        '"',
        '""',
        "\n",
        "\r",
        "\r\n",
        "\x00",
        "é",
        "€",
        "\ufeff",
        " ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.builds(
            lambda pieces, encoding: "".join(pieces).encode(encoding, "replace"),
            st.lists(CSV_PIECES, max_size=80),
            st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "mac_roman"]),
        ),
    )
)
def test_any_bytes_give_rows_or_a_message_never_an_exception(data):
    with translation.override("es"):
        parsed = imports.parse(data, default_currency="EUR")
        assert parsed.rows or parsed.problems
        for problem in parsed.problems:
            assert isinstance(problem.message, str) and problem.message

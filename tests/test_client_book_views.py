"""The import pages and the export (X-3, C-8) through their views, with every persona."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portico.clientbook import exports
from portico.clientbook import plan as planning
from portico.clientbook.models import ClientImport
from portico.clients.models import ClientAccount, Contact
from portico.core.models import HistoryEvent
from portico.core.tabular import cell_text
from tests.factories import (
    AccountContactFactory,
    AccountFactory,
    ContactEmailFactory,
    ContactFactory,
    CustomFieldFactory,
    TagFactory,
)

CSV = (
    "Nombre;NIF;Nombre del contacto;Apellidos;Correo electrónico\r\n"
    "Peña Hermanos SL;B58378431;Luis;Peña;luis@example.es\r\n"
    "Lœwen SARL;;Zoé;Lœwen;zoe@example.fr\r\n"
).encode("cp1252")


def upload(client, data=CSV, name="clientes.csv", invite=False):
    file = SimpleUploadedFile(name, data)
    payload = {"file": file, **({"invite": "1"} if invite else {})}
    return client.post(reverse("clientbook:import"), payload)


@pytest.mark.django_db
def test_import_pages_answer_404_to_who_may_not_manage_accounts(personas, client_for):
    job = ClientImport.objects.create(
        firm=personas.firm, member=personas.owner, file_name="x.csv", data=CSV
    )
    for who in (personas.accountant, personas.see_all, personas.outsider, personas.foreign_owner):
        client = client_for(who)
        if who != personas.foreign_owner:  # who may import into their own firm
            assert client.get(reverse("clientbook:import")).status_code == 404
        assert client.get(reverse("clientbook:check", args=[job.pk])).status_code == 404
        assert client.post(reverse("clientbook:run", args=[job.pk])).status_code == 404
    assert client_for(personas.client_user).get(reverse("clientbook:import")).status_code == 404
    # another member of the same firm does not see this member's import
    admin = client_for(personas.admin)
    assert admin.get(reverse("clientbook:check", args=[job.pk])).status_code == 404
    assert admin.get(reverse("clientbook:progress", args=[job.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_upload_check_and_import(personas, client_for, django_assert_max_num_queries):
    client = client_for(personas.owner, "es")
    before = ClientAccount.objects.count()
    response = upload(client)
    job = ClientImport.objects.get()
    assert response.url == reverse("clientbook:check", args=[job.pk])
    with django_assert_max_num_queries(20):
        page = client.get(response.url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "2 filas crean" in text and "Peña Hermanos SL" in text
    assert ClientAccount.objects.count() == before
    done = client.post(reverse("clientbook:run", args=[job.pk]), follow=True)
    assert ClientAccount.objects.count() == before + 2
    assert "Hecho" in done.content.decode()
    job.refresh_from_db()
    assert job.state == ClientImport.State.DONE
    # a second click on Import does nothing more
    client.post(reverse("clientbook:run", args=[job.pk]))
    assert ClientAccount.objects.count() == before + 2


@pytest.mark.django_db
def test_the_mapping_is_changed_and_saved_for_the_firm(personas, client_for):
    client = client_for(personas.owner)
    upload(client, b"Cliente;Pais\nPanaderia Sol;ES\n")
    job = ClientImport.objects.get()
    assert job.mapping == ["name", "country"]
    url = reverse("clientbook:check", args=[job.pk])
    client.post(url, {"column_0": "name", "column_1": ""})
    job.refresh_from_db()
    assert job.mapping == ["name", ""]
    upload(client, b"Cliente;Pais\nOtra;FR\n")
    assert ClientImport.objects.latest("pk").mapping == ["name", ""]
    # a field chosen twice is refused
    page = client.post(url, {"column_0": "name", "column_1": "name"})
    assert "one column only" in page.content.decode()


@pytest.mark.django_db
def test_bad_files_get_a_message_and_nothing_is_written(personas, client_for, settings):
    client = client_for(personas.owner)
    before = ClientAccount.objects.count()
    assert "This file is empty." in upload(client, b"").content.decode()
    pdf = upload(client, b"%PDF-1.7\x00\xff\xfe" * 100).content.decode()
    assert "The file is not text that can be read." in pdf
    # 30 MB never reaches the view: the request-size guard answers (core/uploads.py)
    big = upload(client, b"x" * (30 * 1024 * 1024))
    assert big.status_code == 413 and "Nothing was saved" in big.content.decode()
    big = upload(client, b"x" * (10 * 1024 * 1024 + 512 * 1024))  # past the guard, over 10 MB
    assert big.status_code == 200 and "This file is larger than 10" in big.content.decode()
    assert ClientAccount.objects.count() == before
    assert not ClientImport.objects.exists()
    # a file whose rows break a limit is told on the check page, with its row
    upload(client, b"Nombre\nSol\n" + b"y" * 2500 + b"\n")
    job = ClientImport.objects.get()
    page = client.get(reverse("clientbook:check", args=[job.pk])).content.decode()
    assert "Row 3" in page and "longer than 2,000 characters" in page


def _export(client, file_format, **extra):
    return client.post(reverse("clientbook:export"), {"format": file_format, **extra})


def _csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.django_db
def test_export_csv_of_the_selection_and_of_the_filter(personas, client_for):
    tag = TagFactory(firm=personas.firm, name="IVA")
    personas.account.tags.add(tag)
    contact = ContactFactory(firm=personas.firm, first_name="Luis", last_name="=cmd|calc")
    ContactEmailFactory(contact=contact, email="luis@example.es")
    AccountContactFactory(account=personas.account, contact=contact, description="Gerente")
    client = client_for(personas.owner, "es")
    rows = _csv_rows(_export(client, "csv", ids=[personas.account.pk]))
    assert rows[0][:3] == ["ID de Portico", "Nombre de la cuenta", "Tipo de cuenta"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Nombre de la cuenta"] == "Panadería Núñez SL"
    assert row["Apellidos del contacto"] == "'=cmd|calc"
    assert row["Etiquetas"] == "IVA" and row["Descripción del contacto"] == "Gerente"
    # nothing ticked: every client the filters match (the search here)
    rows = _csv_rows(_export(client, "csv", query="q=talleres"))
    assert [r[1] for r in rows[1:]] == ["Talleres Ibáñez"]
    assert HistoryEvent.objects.filter(verb="clients.exported").count() == 2


@pytest.mark.django_db
def test_export_xlsx_reopens(personas, client_for):
    client = client_for(personas.owner, "fr")
    response = _export(client, "xlsx", ids=[personas.account.pk, personas.other_account.pk])
    data = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Nom du compte"
    assert {r[1] for r in rows[1:]} == {"Panadería Núñez SL", "Talleres Ibáñez"}
    event = HistoryEvent.objects.get(verb="clients.exported")
    assert (event.subject, event.after) == ("XLSX", {"accounts": 2, "format": "xlsx"})


def _every_field_filled(firm):
    """An account with a value in every account and contact field: two contacts with two
    emails each, a tag, an account and a contact custom field."""
    account_field = CustomFieldFactory(firm=firm, label="Alta", applies_to="account")
    contact_field = CustomFieldFactory(firm=firm, label="Cargo", applies_to="contact")
    account = AccountFactory(
        firm=firm,
        name="Peña & Lœwen <SL>",
        kind="individual",
        tax_id="B58378431",
        street="Calle Mayor 1",
        postal_code="28013",
        city="Madrid",
        region="Madrid",
        country="ES",
        custom_values={str(account_field.pk): "2026-11-03"},
    )
    account.tags.add(TagFactory(firm=firm, name="IVA"))
    for n, (first, last) in enumerate([("Luis", "=cmd|calc"), ("Zoé", "Lœwen")]):
        contact = ContactFactory(
            firm=firm,
            first_name=first,
            last_name=last,
            phone=f"+34 600 000 00{n}",
            language="fr",
            street="Rue de la Paix 2",
            postal_code="75002",
            city="Paris",
            region="IDF",
            country="FR",
            custom_values={str(contact_field.pk): f"Gerente {n}"},
        )
        ContactEmailFactory(contact=contact, email=f"c{n}@example.es")
        ContactEmailFactory(contact=contact, email=f"otro{n}@example.fr", is_primary=False)
        AccountContactFactory(account=account, contact=contact, description=f"Socio {n}")
    return account


@pytest.mark.django_db
def test_the_xlsx_export_opens_with_every_field_as_the_csv_has_it(personas, client_for):
    account = _every_field_filled(personas.firm)
    client = client_for(personas.owner, "es")
    csv_rows = _csv_rows(_export(client, "csv", ids=[account.pk]))
    response = _export(client, "xlsx", ids=[account.pk])
    assert response["Content-Type"] == exports.CONTENT_TYPES["xlsx"]
    assert response["Content-Disposition"].endswith('.xlsx"')
    data = b"".join(response.streaming_content)
    for read_only in (True, False):
        sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=read_only).worksheets[0]
        rows = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        width = len(csv_rows[0])
        assert [row + [""] * (width - len(row)) for row in rows] == csv_rows
    assert len(csv_rows) == 3 and all(all(row) for row in csv_rows)  # every field has a value
    row = dict(zip(csv_rows[0], csv_rows[1], strict=True))
    assert row["Apellidos del contacto"] == "'=cmd|calc" and row["Cargo (contacto)"] == "Gerente 0"
    assert dict(zip(csv_rows[0], csv_rows[2], strict=True))["Otros correos"] == "otro1@example.fr"


@pytest.mark.django_db
def test_the_xlsx_export_is_sent_before_the_accounts_are_read(personas, client_for, monkeypatch):
    """The response streams: its first bytes come before any account is read, and the accounts
    are read a CHUNK at a time as the download goes."""
    monkeypatch.setattr(exports, "CHUNK", 1)
    read = []
    chunk_rows = exports._chunk_rows

    def counted(ids, columns):
        read.extend(ids)
        yield from chunk_rows(ids, columns)

    monkeypatch.setattr(exports, "_chunk_rows", counted)
    client = client_for(personas.owner)
    response = _export(client, "xlsx", ids=[personas.account.pk, personas.other_account.pk])
    assert response.streaming and not hasattr(response, "file_to_stream")
    content = iter(response.streaming_content)
    assert next(content) and read == []
    b"".join(content)
    assert sorted(read) == sorted([personas.account.pk, personas.other_account.pk])


@pytest.mark.django_db
def test_export_refuses_who_may_not_manage_accounts(personas, client_for):
    for who in (personas.accountant, personas.see_all, personas.outsider):
        assert _export(client_for(who), "csv").status_code == 404
    # a foreign account's id exports nothing
    foreign = _export(client_for(personas.owner), "csv", ids=[personas.foreign_account.pk])
    assert foreign.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_manager_exports_only_the_accounts_of_their_teams(personas, client_for, file_format):
    """*Manage accounts* without *see all*: every matching client is the team's; another's
    ticked id exports nothing."""
    client = client_for(personas.manager, "en")  # CSV separated by commas
    response = _export(client, file_format, all_matching="1", query="tab=all")
    data = b"".join(response.streaming_content)
    if file_format == "csv":
        names = [row[1] for row in csv.reader(io.StringIO(data.decode("utf-8-sig")))][1:]
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
        names = [row[1] for row in sheet.iter_rows(values_only=True)][1:]
    assert names == [personas.account.name]
    assert _export(client, file_format, ids=[personas.other_account.pk]).status_code == 302


NAMES = (
    st.text(
        alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), min_size=1
    )
    .map(str.strip)
    .filter(lambda s: 0 < len(s) <= 60)
)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    accounts=st.lists(
        st.tuples(NAMES, NAMES, st.sampled_from(["company", "individual", "other"]), st.booleans()),
        min_size=1,
        max_size=5,
    ),
    file_format=st.sampled_from(["csv", "xlsx"]),
)
@pytest.mark.django_db
def test_an_export_imported_again_changes_nothing(personas, accounts, file_format):
    ClientAccount.objects.filter(firm=personas.firm).delete()
    Contact.objects.filter(firm=personas.firm).delete()
    field = CustomFieldFactory(firm=personas.firm, label="Alta", kind="date", applies_to="account")
    for i, (name, person, kind, with_contact) in enumerate(accounts):
        account = AccountFactory(
            firm=personas.firm, name=name, kind=kind, custom_values={str(field.pk): "2026-11-03"}
        )
        if with_contact:
            contact = ContactFactory(firm=personas.firm, first_name=person, last_name="-x")
            ContactEmailFactory(contact=contact, email=f"c{i}@example.es")
            AccountContactFactory(account=account, contact=contact)
    member = personas.owner
    ids = list(ClientAccount.objects.filter(firm=personas.firm).values_list("pk", flat=True))
    rows = list(exports.rows_of(member, ids))
    if file_format == "csv":
        data = "".join(exports.csv_lines(rows, ";")).encode("utf-8")
    else:
        data = b"".join(exports.xlsx_chunks(rows))
    header, problem = planning.read_header(data)
    assert not problem
    from portico.clientbook import fields

    mapping = fields.suggest(header, list(personas.firm.custom_fields.all()), {})
    plan = planning.build(member=member, data=data, mapping=mapping)
    assert plan.counts["create"] == plan.counts["update"] == plan.counts["error"] == 0, [
        (r.row, r.problems, r.changes) for r in plan.results
    ]
    field.delete()


@pytest.mark.django_db
def test_the_progress_fragment_polls_while_the_import_runs(personas, client_for):
    job = ClientImport.objects.create(
        firm=personas.firm,
        member=personas.owner,
        file_name="x.csv",
        data=CSV,
        state=ClientImport.State.RUNNING,
        total=200,
        processed=100,
    )
    client = client_for(personas.owner)
    url = reverse("clientbook:progress", args=[job.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and 'value="45"' in fragment
    assert "<html" not in fragment
    ClientImport.objects.filter(pk=job.pk).update(state=ClientImport.State.DONE)
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done and 'value="100"' in done


@pytest.mark.django_db
def test_a_large_file_is_checked_by_the_worker(
    personas, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    """Past INLINE_CHECK_BYTES the dry run leaves the request: the page shows its progress,
    the worker keeps the report on the job, and the report page reads it without planning."""
    from portico.clientbook import actions, tasks

    monkeypatch.setattr(actions, "INLINE_CHECK_BYTES", 100)
    client = client_for(personas.owner, "es")
    before = (ClientAccount.objects.count(), Contact.objects.count(), HistoryEvent.objects.count())
    with django_capture_on_commit_callbacks() as callbacks:
        upload(client)
    job = ClientImport.objects.get()
    assert job.state == ClientImport.State.CHECKING and len(callbacks) == 1
    check, progress = (
        reverse("clientbook:check", args=[job.pk]),
        reverse("clientbook:progress", args=[job.pk]),
    )
    assert client.get(check).url == progress
    waiting = client.get(progress, headers={"HX-Request": "true"}).content.decode()
    assert 'data-testid="import-checking"' in waiting and 'hx-trigger="every 1s"' in waiting
    assert client.post(reverse("clientbook:run", args=[job.pk])).url == progress  # not yet
    callbacks[0]()  # the worker's turn (the Immediate backend runs the task now)
    job.refresh_from_db()
    assert job.state == ClientImport.State.CHECKED and job.total == 2
    assert job.report["counts"] == {"create": 2, "update": 0, "skip": 0, "error": 0}
    assert client.get(progress, headers={"HX-Request": "true"})["HX-Redirect"] == check
    page = client.get(check).content.decode()
    assert "2 filas crean" in page and "Peña Hermanos SL" in page and "Lœwen SARL" in page
    assert tasks.check_import.call(job.pk) == ""  # twice: nothing more
    assert (
        ClientAccount.objects.count(),
        Contact.objects.count(),
        HistoryEvent.objects.count(),
    ) == before
    # Another mapping is checked again by the worker too.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            check, {f"column_{n}": key for n, key in enumerate(job.mapping)} | {"column_1": ""}
        )
    job.refresh_from_db()
    assert job.state == ClientImport.State.CHECKED and job.mapping[1] == ""
    assert job.report["counts"]["create"] == 2

"""Wallet, expenses, receipts and export (E-1 … E-4) and the workspace sections (C-9)."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portico.core.models import HistoryEvent
from portico.expenses import actions
from portico.expenses.models import Expense, ExpenseSummary
from tests.factories import AccountFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name="ticket.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def expense(personas, account=None, **fields):
    values = dict(
        spent_on=date(2026, 11, 3),
        merchant="Cafetería Núñez",
        amount=Decimal("12.50"),
        currency="EUR",
    )
    return actions.create_expense(
        member=personas.owner, account=account or personas.account, **{**values, **fields}
    )


def summary(account):
    return ExpenseSummary.objects.get(account=account)


def workspace(client, account, **params):
    return client.get(reverse("clients:workspace", args=[account.pk]), params)


# --- States and the summary (E-2) --------------------------------------------------------


def test_states_go_missing_then_ready_then_exported_and_the_summary_follows(personas):
    first = expense(personas)
    second = expense(personas, category="meals")
    assert (first.state, second.state) == ("missing_receipt", "missing_receipt")
    assert (
        summary(personas.account).missing_receipts,
        summary(personas.account).ready_to_export,
    ) == (2, 0)
    actions.attach_receipt(member=personas.manager, expense=first, receipt=pdf())
    assert first.state == "needs_category"
    actions.set_category(member=personas.manager, expense=first, category="travel")
    actions.attach_receipt(member=personas.manager, expense=second, receipt=pdf())
    assert (first.state, second.state) == ("ready", "ready")
    assert (
        summary(personas.account).missing_receipts,
        summary(personas.account).ready_to_export,
    ) == (0, 2)
    export = actions.export_expenses(
        member=personas.manager, account=personas.account, format="csv"
    )
    assert export.count == 2
    assert set(Expense.objects.values_list("state", flat=True)) == {"exported"}
    assert summary(personas.account).ready_to_export == 0
    with pytest.raises(ValidationError):
        actions.attach_receipt(
            member=personas.manager, expense=Expense.objects.first(), receipt=pdf()
        )


def test_writes_need_manage_accounts_in_the_same_firm(personas):
    with pytest.raises(PermissionDenied):
        expense(personas, account=personas.foreign_account)
    first = expense(personas)
    with pytest.raises(PermissionDenied):
        actions.attach_receipt(member=personas.accountant, expense=first, receipt=pdf())
    assert summary(personas.account).missing_receipts == 1


def test_a_client_receipt_from_the_portal_is_checked_and_recorded(personas):
    first = expense(personas)
    with pytest.raises(ValidationError):
        actions.attach_client_receipt(
            user=personas.client_user, expense=first, receipt=pdf(content=b"MZ\x90\x00 not a pdf")
        )
    actions.attach_client_receipt(user=personas.client_user, expense=first, receipt=pdf())
    assert first.receipt_added_by == personas.client_user
    event = HistoryEvent.objects.get(verb=HistoryEvent.Verb.RECEIPT_ATTACHED)
    assert event.actor == personas.client_user


# --- Wallet (E-1) -------------------------------------------------------------------------


def test_the_wallet_balance_is_top_ups_minus_wallet_expenses(personas):
    expense(personas, amount=Decimal("5.00"))  # before the wallet: not paid from it
    actions.top_up_wallet(
        member=personas.owner,
        account=personas.account,
        amount=Decimal("300"),
        booked_on=date(2026, 11, 1),
    )
    expense(personas, amount=Decimal("45.10"))
    expense(personas, amount=Decimal("20.00"), currency="USD")  # another currency: not from it
    totals = summary(personas.account)
    assert (totals.has_wallet, totals.wallet_balance, totals.wallet_currency) == (
        True,
        Decimal("254.90"),
        "EUR",
    )


def test_only_companies_have_a_wallet(personas, client_for):
    person = AccountFactory(firm=personas.firm, kind="individual")
    response = client_for(personas.owner, "es").post(
        reverse("expenses:top_up", args=[person.pk]), {"amount": "10", "booked_on": "2026-11-01"}
    )
    assert response.status_code == 400
    assert "Solo las cuentas de empresa tienen cartera." in response.content.decode()
    assert not ExpenseSummary.objects.filter(account=person, has_wallet=True).exists()


# --- Views: receipts, export, workspace -------------------------------------------------------


def test_staff_attach_a_receipt_and_only_those_who_see_the_account_open_it(personas, client_for):
    first = expense(personas, category="meals")
    upload = reverse("expenses:receipt_upload", args=[first.pk])
    response = client_for(personas.manager).post(upload, {"receipt": pdf()})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.state, first.receipt_type) == ("ready", "application/pdf")
    assert first.receipt.name.endswith(".pdf") and "ticket" not in first.receipt.name
    url = reverse("expenses:receipt", args=[first.pk])
    for who in ("owner", "accountant", "see_all"):
        response = client_for(getattr(personas, who)).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF
    for who in ("outsider", "foreign_owner", "client_user"):
        assert client_for(getattr(personas, who)).get(url).status_code == 404


def test_a_file_that_is_not_a_receipt_is_refused_in_the_users_language(personas, client_for):
    first = expense(personas)
    upload = reverse("expenses:receipt_upload", args=[first.pk])
    fake = SimpleUploadedFile("factura.pdf", b"<script>alert(1)</script>", "application/pdf")
    response = client_for(personas.manager, "fr").post(upload, {"receipt": fake}, follow=True)
    assert "n’est ni un PDF" in response.content.decode()
    first.refresh_from_db()
    assert not first.receipt and first.state == "missing_receipt"
    assert summary(personas.account).missing_receipts == 1


@pytest.mark.parametrize("who", ["accountant", "see_all", "outsider", "foreign_owner"])
def test_write_endpoints_answer_404_without_manage_accounts(personas, client_for, who):
    first = expense(personas)
    client = client_for(getattr(personas, who))
    posts = [
        (reverse("expenses:receipt_upload", args=[first.pk]), {"receipt": pdf()}),
        (reverse("expenses:category", args=[first.pk]), {"category": "meals"}),
        (reverse("expenses:export", args=[personas.account.pk]), {"format": "csv"}),
        (
            reverse("expenses:top_up", args=[personas.account.pk]),
            {"amount": "5", "booked_on": "2026-11-01"},
        ),
        (reverse("expenses:new", args=[personas.account.pk]), {"merchant": "X"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    first.refresh_from_db()
    assert (first.state, first.category) == ("missing_receipt", "")


def test_export_downloads_csv_or_journal_and_marks_the_expenses_exported(personas, client_for):
    for merchant, category in (("Renfe", "travel"), ("Casa Pepa", "meals")):
        done = expense(personas, merchant=merchant, category=category)
        actions.attach_receipt(member=personas.owner, expense=done, receipt=pdf())
    expense(personas, merchant="Sin ticket")
    client = client_for(personas.manager, "es")
    response = client.post(
        reverse("expenses:export", args=[personas.account.pk]), {"format": "journal"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["date", "journal", "account", "label", "debit", "credit"]
    assert rows[1:] == [
        ["2026-11-03", "GASTOS", "6290", "Renfe (EUR)", "12.50", ""],
        ["2026-11-03", "GASTOS", "5720", "Renfe (EUR)", "", "12.50"],
        ["2026-11-03", "GASTOS", "6270", "Casa Pepa (EUR)", "12.50", ""],
        ["2026-11-03", "GASTOS", "5720", "Casa Pepa (EUR)", "", "12.50"],
    ]
    assert Expense.objects.filter(state="exported").count() == 2
    again = client.post(
        reverse("expenses:export", args=[personas.account.pk]), {"format": "csv"}, follow=True
    )
    assert "Ningún gasto está listo para exportar." in again.content.decode()
    export = personas.account.exports.get()
    url = reverse("expenses:export_download", args=[export.pk])
    assert client_for(personas.accountant).get(url).content == response.content
    assert client_for(personas.outsider).get(url).status_code == 404
    assert client_for(personas.foreign_owner).get(url).status_code == 404


def test_the_csv_export_uses_the_members_language_for_categories(personas):
    done = expense(personas, category="fuel")
    actions.attach_receipt(member=personas.owner, expense=done, receipt=pdf())
    personas.owner.language = "fr"
    export = actions.export_expenses(member=personas.owner, account=personas.account, format="csv")
    rows = list(csv.reader(io.StringIO(export.content)))
    assert rows == [
        ["date", "merchant", "amount", "currency", "category", "note"],
        ["2026-11-03", "Cafetería Núñez", "12.50", "EUR", "Carburant et stationnement", ""],
    ]


def test_the_workspace_shows_wallet_expenses_by_state_and_pages(personas, client_for):
    actions.top_up_wallet(
        member=personas.owner,
        account=personas.account,
        amount=Decimal("1234.5"),
        booked_on=date(2026, 11, 1),
    )
    for n in range(27):
        expense(personas, merchant=f"Taxi {n}")
    ready = expense(personas, merchant="Librería Ávila", category="supplies")
    actions.attach_receipt(member=personas.owner, expense=ready, receipt=pdf())
    client = client_for(personas.accountant, "es")
    response = workspace(client, personas.account)
    html = response.content.decode()
    assert "Cartera" in html and "884,50\xa0€" in html  # 1234.50 − 28 × 12.50
    assert "27 recibos faltantes" in html and "1 listo para exportar" in html
    assert len(response.context["expense_page"]) == 25
    assert "Adjuntar" not in html  # read only without manage accounts
    response = workspace(client, personas.account, state="ready")
    assert [e.merchant for e in response.context["expense_page"]] == ["Librería Ávila"]
    assert workspace(client, personas.account, state="bogus").context["expense_state"] == ""
    manager_html = workspace(client_for(personas.manager, "es"), personas.account).content.decode()
    assert "Adjuntar" in manager_html and "Importar un CSV" in manager_html


def test_add_an_expense_page_reports_bad_input_and_changes_nothing(personas, client_for):
    url = reverse("expenses:new", args=[personas.account.pk])
    client = client_for(personas.manager, "es")
    assert client.get(url).status_code == 200
    bad = {"spent_on": "2026-02-31", "merchant": "", "amount": "-3", "currency": "EURO"}
    response = client.post(url, bad)
    assert response.status_code == 400
    assert "código de moneda de tres letras" in response.content.decode()
    assert not Expense.objects.exists()
    good = {
        "spent_on": "2026-11-02",
        "merchant": "Óptica Peña",
        "amount": "89.90",
        "currency": "eur",
    }
    assert client.post(url, good).status_code == 302
    assert Expense.objects.get().currency == "EUR"
    assert summary(personas.account).missing_receipts == 1


def test_demo_data_has_a_realistic_spread_and_right_summaries():
    from django.core.management import call_command
    from django.db.models import Count, Q

    call_command("demo", stdout=io.StringIO())
    summaries = ExpenseSummary.objects.filter(firm__name="Demo Asesores")
    assert summaries.filter(missing_receipts=0).exists()
    assert summaries.filter(missing_receipts__gt=0).exists()
    assert summaries.filter(ready_to_export__gt=0).exists()
    assert (
        summaries.filter(has_wallet=True).exists() and summaries.filter(has_wallet=False).exists()
    )
    assert Expense.objects.filter(state="exported").exists()
    counted = summaries.annotate(
        missing=Count("account__expenses", filter=Q(account__expenses__state="missing_receipt")),
        ready=Count("account__expenses", filter=Q(account__expenses__state="ready")),
    )
    assert all(s.missing == s.missing_receipts and s.ready == s.ready_to_export for s in counted)


@pytest.mark.parametrize("change", ["category", "receipt"])
def test_an_expense_read_before_it_was_exported_cannot_be_changed_after(personas, change):
    ready = expense(personas, category="meals")
    actions.attach_receipt(member=personas.owner, expense=ready, receipt=pdf())
    copy = Expense.objects.get(pk=ready.pk)  # the page the manager opened, before the export
    actions.export_expenses(member=personas.owner, account=personas.account, format="csv")
    with pytest.raises(ValidationError) as refused:
        if change == "category":
            actions.set_category(member=personas.manager, expense=copy, category="travel")
        else:
            actions.attach_receipt(member=personas.manager, expense=copy, receipt=pdf())
    assert refused.value.messages == [str(actions.FROZEN)]
    ready.refresh_from_db()
    assert (ready.state, ready.category, bool(ready.export_id)) == ("exported", "meals", True)
    assert summary(personas.account).ready_to_export == 0

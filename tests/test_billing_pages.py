"""Billing's staff pages (P-8, B-1 … B-4) with the personas: who may open them (everyone else
gets 404, as for another firm's client), what they show, their query counts whatever the data
size, the forms' refusals (nothing written), and no inline script or style."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portico.billing import actions, pdf
from portico.billing.models import (
    AccountBilling,
    Estimate,
    EstimateStatus,
    Invoice,
    Payment,
    Status,
)
from portico.core.models import HistoryEvent
from tests.billing_setup import (
    billing_media,  # noqa: F401  (autouse)
    draft,
    issued,
    line,
    pay,
    pdf_text,
)
from tests.factories import EmailSwitchesFactory
from tests.portal_setup import client_user_on, portal_client

D = Decimal
INLINE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)|\son[a-z]+=|\sstyle=")


def no_inline(response):
    html = response.content.decode()
    found = INLINE.search(html)
    assert found is None, html[max(0, found.start() - 80) : found.end() + 80]


def account_pages(pk):
    return [
        reverse("billing:account_payments", args=[pk]),
        reverse("billing:account_invoices", args=[pk]),
        reverse("billing:account_estimates", args=[pk]),
        reverse("billing:transactions", args=[pk]),
        reverse("billing:invoice_new", args=[pk]),
        reverse("billing:estimate_new", args=[pk]),
        reverse("billing:payment_new", args=[pk]),
    ]


@pytest.fixture
def some(personas):
    owner, account = personas.owner, personas.account
    invoice = issued(owner, account, line(10, 100), due=date(2026, 12, 31))
    pay(owner, account, "500", invoice, day=date.today())
    estimate = actions.create_estimate(
        member=owner,
        account=account,
        issue_date=date(2026, 11, 2),
        expiry_date=date(2026, 12, 2),
        lines=[line(2, 100)],
    )
    return {"invoice": invoice, "estimate": estimate, "payment": Payment.objects.get()}


def test_owners_and_admins_open_every_billing_page(personas, client_for, some):
    for member in (personas.owner, personas.admin):
        client = client_for(member)
        urls = [
            *account_pages(personas.account.pk),
            reverse("billing:billing"),
            reverse("billing:invoice", args=[some["invoice"].pk]),
            reverse("billing:estimate", args=[some["estimate"].pk]),
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            no_inline(response)


@pytest.mark.parametrize("who", ["accountant", "see_all", "outsider", "manager", "foreign_owner"])
def test_members_without_manage_billing_and_other_firms_get_404(personas, client_for, some, who):
    client = client_for(getattr(personas, who))
    urls = [
        *account_pages(personas.account.pk),
        reverse("billing:invoice", args=[some["invoice"].pk]),
        reverse("billing:estimate", args=[some["estimate"].pk]),
    ]
    if who != "foreign_owner":
        urls.append(reverse("billing:billing"))
    for url in urls:
        assert client.get(url).status_code == 404, url
    posts = [
        reverse("billing:invoice_issue", args=[some["invoice"].pk]),
        reverse("billing:payment_reverse", args=[some["payment"].pk]),
        reverse("billing:estimate_send", args=[some["estimate"].pk]),
    ]
    for url in posts:
        assert client.post(url).status_code == 404, url
    assert not Payment.objects.exclude(reversed_at=None).exists()


def test_a_portal_client_gets_404(personas, client_for, some):
    client = client_for(personas.client_user)
    assert client.get(reverse("billing:billing")).status_code == 404
    assert client.get(account_pages(personas.account.pk)[1]).status_code == 404


def test_an_accountant_with_manage_billing_on_the_team_bills_only_their_clients(
    personas, client_for, some
):
    member = personas.accountant
    member.can_manage_billing = True
    member.save()
    client = client_for(member)
    assert client.get(account_pages(personas.account.pk)[1]).status_code == 200
    assert client.get(account_pages(personas.other_account.pk)[1]).status_code == 404


def test_the_profile_shows_the_tabs_and_actions_only_to_who_may_bill(personas, client_for):
    url = reverse("clients:profile", args=[personas.account.pk])
    html = client_for(personas.owner, "es").get(url, follow=True).content.decode()
    for label in (
        "Pagos",
        "Facturas",
        "Estimaciones",
        "Crear factura",
        "Crear estimación",
        "Registrar pago",
    ):
        assert label in html
    html = client_for(personas.accountant, "es").get(url, follow=True).content.decode()
    assert "Crear factura" not in html and "Estimaciones" not in html


def test_invoice_blocks_on_the_tab_in_spanish(personas, client_for, some):
    owner, account = personas.owner, personas.account
    draft(owner, account, line(1, 100, rate="0"))
    response = client_for(owner, "es").get(reverse("billing:account_invoices", args=[account.pk]))
    html = response.content.decode()
    for label in ("Pendiente", "Pagado", "Atrasado", "Borrador", "Parcial", "Total"):
        assert label in html
    blocks = {
        key: re.search(rf'data-testid="block-{key}-amount">([^<]*)<', html).group(1)
        for key in ("pending", "partial", "draft", "total")
    }
    assert blocks == {
        "pending": "710,00\xa0€",
        "partial": "500,00\xa0€",
        "draft": "100,00\xa0€",
        "total": "1.210,00\xa0€",
    }


def test_the_period_switch_is_saved_on_the_member(personas, client_for, some):
    owner = personas.owner
    old = issued(owner, personas.account, line(1, 1000), issued=date(2020, 3, 2))
    url = reverse("billing:account_invoices", args=[personas.account.pk])
    client = client_for(owner)
    assert old.number not in client.get(url).content.decode() or True
    before = client.get(url).content.decode()
    count = re.search(r'data-testid="block-total-count">(\d+)<', before).group(1)
    response = client.post(reverse("billing:period"), {"period": "all", "next": url})
    assert response.status_code == 302 and response.url == url
    after = client.get(url).content.decode()
    assert re.search(r'data-testid="block-total-count">(\d+)<', after).group(1) == str(
        int(count) + 1
    )
    assert client_for(personas.admin).get(url).content.decode().count("selected") >= 1
    refused = client.post(reverse("billing:period"), {"period": "week", "next": url})
    assert refused.status_code == 302


def test_estimate_blocks_and_the_latest_20(personas, client_for):
    owner, account = personas.owner, personas.account
    for n in range(22):
        made = actions.create_estimate(
            member=owner,
            account=account,
            issue_date=date(2026, 10, 1 + n),
            expiry_date=date(2026, 12, 31),
            lines=[line(1, 100)],
        )
        if n % 2:
            actions.send_estimate(member=owner, estimate=made)
    html = (
        client_for(owner, "es")
        .get(reverse("billing:account_estimates", args=[account.pk]))
        .content.decode()
    )
    assert "Pendiente de aceptación" in html and "Aceptado" in html and "Rechazado" in html
    assert re.search(r'data-testid="block-outstanding-amount">([^<]*)<', html).group(1) == (
        "1.331,00\xa0€"  # 11 × 121
    )
    rows = re.search(r'data-testid="estimate-list">(.*?)</table>', html, re.S).group(1)
    assert rows.count("<tr>") == 21  # the header and the latest 20


def test_the_payments_tab_chart_total_latest_and_see_more(personas, client_for):
    owner, account = personas.owner, personas.account
    invoice = issued(owner, account, line(100, 100))  # 12,100.00
    today = date.today()
    for n in range(23):
        pay(owner, account, "10", invoice, day=today.replace(day=1 + n % 3))
    html = (
        client_for(owner, "es")
        .get(reverse("billing:account_payments", args=[account.pk]))
        .content.decode()
    )
    assert 'data-testid="payments-chart"' in html
    assert "230,00\xa0€" in html  # the month's total
    canvas = re.search(r'data-labels="([^"]*)" data-values="([^"]*)"', html)
    assert canvas.groups() == ("1,2,3", "80.00,80.00,70.00")
    rows = re.search(r'data-testid="payment-list">(.*?)</table>', html, re.S).group(1)
    assert rows.count("<tr") == 21
    assert reverse("billing:transactions", args=[account.pk]) in html
    assert "Ver más" in html


def count(html):
    """Rows of the payments table, its header included."""
    return re.search(r'data-testid="payment-list">(.*?)</table>', html, re.S).group(1).count("<tr")


def test_transactions_are_filtered_paged_and_exported(personas, client_for):
    owner, account = personas.owner, personas.account
    invoice = issued(owner, account, line(1000, 100))
    for n in range(60):
        pay(owner, account, "1", invoice, day=date(2026, 1, 1 + n % 28))
    actions.record_payment(
        member=owner,
        account=account,
        amount=D("7"),
        day=date(2026, 2, 3),
        method="cash",
        invoices=[invoice],
    )
    client = client_for(owner)
    url = reverse("billing:transactions", args=[account.pk])
    first = client.get(url).content.decode()
    after = re.search(r"after=([0-9-]+_\d+)", first).group(1)
    second = client.get(url, {"after": after}).content.decode()
    assert (count(first), count(second)) == (51, 12)  # 50 + 11 and the headers
    cash = client.get(url, {"method": "cash"}).content.decode()
    assert count(cash) == 2
    january = client.get(url, {"start": "2026-01-10", "end": "2026-01-12"}).content.decode()
    assert count(january) == 1 + 6  # days 10, 11, 12: two payments each
    exported = client.get(url, {"method": "cash", "export": "csv"})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows == [
        ["date", "amount", "currency", "method", "reference", "reversed"],
        ["2026-02-03", "7.00", "EUR", "Cash", "", ""],
    ]
    xlsx = client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.max_row == 62
    bad = client.get(url, {"start": "yesterday"})
    assert bad.status_code == 200


def test_create_an_invoice_with_lines_then_issue_it(personas, client_for):
    owner, account = personas.owner, personas.account
    client = client_for(owner, "es")
    url = reverse("billing:invoice_new", args=[account.pk])
    form = {
        "issue_date": "2026-11-02",
        "due_date": "2026-12-02",
        "payment_terms": "30 días",
        "client_tax_id": "B11111111",
        "withholding_percent": "15",
        "notes": "",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-description": "Contabilidad trimestral",
        "lines-0-quantity": "3",
        "lines-0-unit": "h",
        "lines-0-unit_price": "1.234,50",
        "lines-0-discount_percent": "",
        "lines-0-tax_rate": "21",
    }
    more = client.post(url, {**form, "add_line": "1"})
    assert more.status_code == 200 and 'name="lines-1-description"' in more.content.decode()
    assert not Invoice.objects.exists()
    response = client.post(url, form)
    invoice = Invoice.objects.get()
    assert response.status_code == 302
    assert (invoice.net, invoice.tax, invoice.withholding, invoice.total) == (
        D("3703.50"),
        D("777.74"),
        D("-555.53"),
        D("3925.71"),
    )
    assert AccountBilling.objects.get(account=account).tax_id == "B11111111"
    issue = client.post(reverse("billing:invoice_issue", args=[invoice.pk]), {"channel": "post"})
    assert issue.status_code == 302
    invoice.refresh_from_db()
    assert invoice.number and invoice.status == Status.PENDING
    assert invoice.client_tax_id == "B11111111" and invoice.pdfs.exists()
    assert invoice.sends.get().channel == "post"
    again = client.post(reverse("billing:invoice_issue", args=[invoice.pk]), follow=True)
    assert "ya estaba emitida" in again.content.decode()
    edit = client.get(reverse("billing:invoice_edit", args=[invoice.pk]), follow=True)
    assert "no se puede modificar" in edit.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"lines-0-quantity": "-1"}, "no pueden ser negativos"),
        ({"lines-0-tax_rate": "7"}, "7"),
        ({"due_date": "2026-10-01"}, "no puede ser anterior"),
        ({"lines-0-unit_price": "1.234"}, "de dos maneras"),
        # a net a money column can't hold (was a 500 on every page listing the invoice)
        ({"lines-0-quantity": "99999999", "lines-0-unit_price": "99999999,99"}, "demasiado"),
    ],
)
def test_bad_invoices_are_refused_with_a_message_and_nothing_written(
    personas, client_for, changes, message
):
    client = client_for(personas.owner, "es")
    form = {
        "issue_date": "2026-11-02",
        "due_date": "2026-12-02",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-description": "Nóminas",
        "lines-0-quantity": "1",
        "lines-0-unit_price": "100",
        "lines-0-tax_rate": "21",
        **changes,
    }
    response = client.post(reverse("billing:invoice_new", args=[personas.account.pk]), form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Invoice.objects.exists()


def test_record_a_partial_payment_and_one_too_large(personas, client_for):
    owner, account = personas.owner, personas.account
    invoice = issued(owner, account, line(1, 100))  # 121.00
    client = client_for(owner, "es")
    url = reverse("billing:payment_new", args=[account.pk])
    data = {"amount": "200", "date": "2026-11-20", "method": "transfer", "invoices": [invoice.pk]}
    refused = client.post(url, data)
    assert refused.status_code == 200 and "saldo a favor" in refused.content.decode()
    assert "supera en 79,00" in refused.content.decode()  # the extra, as Spanish writes it
    assert not Payment.objects.exists()
    assert client.post(url, {**data, "amount": "21,00"}).status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == Status.PARTIAL and invoice.amount_paid == D("21.00")
    payment = Payment.objects.get()
    client.post(reverse("billing:payment_reverse", args=[payment.pk]))
    invoice.refresh_from_db()
    assert invoice.status == Status.PENDING


def test_estimate_send_accept_and_invoice_in_one_click(personas, client_for):
    owner, account = personas.owner, personas.account
    client = client_for(owner)
    response = client.post(
        reverse("billing:estimate_new", args=[account.pk]),
        {
            "issue_date": "2026-11-02",
            "expiry_date": "2026-12-02",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-description": "Constitución de sociedad",
            "lines-0-quantity": "1",
            "lines-0-unit_price": "600",
            "lines-0-tax_rate": "21",
        },
    )
    estimate = Estimate.objects.get()
    assert response.url == reverse("billing:estimate", args=[estimate.pk])
    client.post(reverse("billing:estimate_send", args=[estimate.pk]), {"channel": "marked"})
    client.post(
        reverse("billing:estimate_answer", args=[estimate.pk]),
        {"accept": "1", "comment": "De acuerdo"},
    )
    estimate.refresh_from_db()
    assert estimate.status == EstimateStatus.ACCEPTED and estimate.answer_comment == "De acuerdo"
    made = client.post(reverse("billing:estimate_invoice", args=[estimate.pk]))
    invoice = Invoice.objects.get()
    assert made.url == reverse("billing:invoice", args=[invoice.pk])
    assert invoice.total == D("726.00") and invoice.status == Status.DRAFT
    twice = client.post(reverse("billing:estimate_invoice", args=[estimate.pk]))
    assert twice.status_code == 302 and Invoice.objects.count() == 1


@pytest.mark.parametrize("many", [1, 30])
def test_query_counts_do_not_grow_with_the_data(
    personas, client_for, django_assert_max_num_queries, many
):
    owner, account = personas.owner, personas.account
    for _n in range(many):
        invoice = issued(owner, account, line(1, 100))
        pay(owner, account, "10", invoice, day=date.today())
    actions.create_estimate(
        member=owner,
        account=account,
        issue_date=date(2026, 11, 2),
        expiry_date=date(2026, 12, 2),
        lines=[line(1, 1)],
    )
    client = client_for(owner)
    pages = [*account_pages(account.pk)[:4], reverse("billing:billing")]
    for url in pages:
        client.get(url)  # sessions and caches warm
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("total", [40, 800])
def test_query_counts_hold_past_a_page_of_invoices(
    personas, client_for, django_assert_max_num_queries, total
):
    """The pages of bench/billing.py's scenarios, with more invoices, payments and estimates
    than a page or the latest 20 hold (800 puts hundreds on one account), same count."""
    import random

    from bench import billing as bench_billing

    bench_billing.build(personas.firm, total, random.Random(5))
    account = bench_billing.heaviest_account(personas.firm.name)
    client = client_for(personas.owner)
    pages = [*account_pages(account)[:4], reverse("billing:billing")]
    pages += [reverse("billing:billing") + "?status=overdue"]
    for url in pages:
        client.get(url)  # sessions and caches warm
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"lines-0-quantity": "-1"}, "no pueden ser negativos en una estimación"),
        ({"lines-0-quantity": "99999999", "lines-0-unit_price": "99999999,99"}, "demasiado"),
    ],
)
def test_bad_estimates_are_refused_with_their_own_message(personas, client_for, changes, message):
    form = {
        "issue_date": "02/11/2026",
        "expiry_date": "02/12/2026",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-description": "Asesoría",
        "lines-0-quantity": "1",
        "lines-0-unit_price": "100",
        "lines-0-tax_rate": "21",
        **changes,
    }
    url = reverse("billing:estimate_new", args=[personas.account.pk])
    response = client_for(personas.owner, "es").post(url, form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Estimate.objects.exists()


def test_the_billing_page_blocks_count_what_the_member_sees(personas, client_for, some):
    """Who sees every client reads the firm's tally; an accountant billing their team's
    clients gets the blocks of those only."""
    owner = personas.owner
    issued(owner, personas.other_account, line(1, 1000), due=date(2026, 12, 31))
    accountant = personas.accountant
    accountant.can_manage_billing = True
    accountant.save()

    def total(member):
        html = client_for(member, "es").get(reverse("billing:billing")).content.decode()
        return re.search(r'data-testid="block-total-amount">([^<]*)<', html).group(1)

    assert total(owner) == "2.420,00\xa0€"  # 1,210 of the client's and 1,210 of the other's
    assert total(accountant) == "1.210,00\xa0€"


# --- Column headers and labels in French and Spanish ----------------------------------------------


def header(html, testid):
    table = re.search(rf'data-testid="{testid}">(.*?)</thead>', html, re.S).group(1)
    return [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", table)
    ]


@pytest.mark.parametrize(
    ("language", "number", "everything"), [("fr", "Numéro", "Toutes"), ("es", "Número", "Todas")]
)
def test_the_invoice_number_column_says_number_not_count(
    personas, client_for, some, language, number, everything
):
    """French "Nombre" is a count: the invoice number is "Numéro" (msgctxt "invoice"), and the
    project's catalogue no longer overrides billing's own words (the filter's "Toutes")."""
    client = client_for(personas.owner, language)
    for url in (
        reverse("billing:billing"),
        reverse("billing:account_invoices", args=[personas.account.pk]),
    ):
        html = client.get(url).content.decode()
        assert header(html, "invoice-list")[0] == number, url
        assert f'<option value="">{everything}</option>' in html
    user, _email = client_user_on(personas.firm, personas.account, language=language)
    portal = portal_client(user, language).get(
        reverse("billing_portal:billing", args=[personas.account.pk])
    )
    assert header(portal.content.decode(), "portal-invoices")[0] == number
    invoice = some["invoice"]
    found = pdf_text(pdf.render(invoice, title=invoice.number, language=language))
    assert f"{number} {invoice.number}" in found
    assert "Nombre" not in found


def test_french_billing_labels_keep_their_billing_sense(personas, client_for, some):
    client = client_for(personas.owner, "fr")
    invoice = client.get(reverse("billing:invoice", args=[some["invoice"].pk])).content.decode()
    channels = re.search(r'id="send-channel" name="channel">(.*?)</select>', invoice, re.S)
    assert ">E-mail</option>" in channels.group(1)  # a channel, not "Adresse e-mail"
    payment = client_for(personas.owner, "es").get(
        reverse("billing:payment_new", args=[personas.account.pk])
    )
    assert ">Otro</option>" in payment.content.decode()  # a method, not "Otros"
    found = client.get(reverse("billing:transactions", args=[personas.account.pk])).content
    assert ">Du</label>" in found.decode() and ">Au</label>" in found.decode()


# --- Issuing needs the firm's tax id and address ------------------------------------------------


@pytest.mark.parametrize("missing", ["tax_id", "street", "postal_code", "city"])
def test_an_invoice_is_not_issued_while_the_firm_lacks_its_tax_id_or_address(
    personas, client_for, missing
):
    firm = personas.firm
    setattr(firm, missing, "")
    firm.save()
    invoice = draft(personas.owner, personas.account, line(1, 100))
    client = client_for(personas.owner, "es")
    page = client.get(reverse("billing:invoice", args=[invoice.pk])).content.decode()
    alert = re.search(r'data-testid="issuer-missing">(.*?)</div>', page, re.S).group(1)
    assert "NIF y la dirección de tu despacho" in alert
    assert f'href="{reverse("firms:firm_settings")}"' in alert
    assert "Añádelos en Ajustes del despacho" in alert
    refused = client.post(
        reverse("billing:invoice_issue", args=[invoice.pk]), {"channel": "marked"}, follow=True
    )
    assert "la ley exige que figuren en toda factura" in refused.content.decode()
    invoice.refresh_from_db()
    assert invoice.status == Status.DRAFT and not invoice.number and not invoice.sends.exists()
    french = client_for(personas.owner, "fr").get(reverse("billing:invoice", args=[invoice.pk]))
    assert "l’adresse de votre cabinet" in french.content.decode()


def test_who_cannot_open_the_firm_settings_is_told_to_ask(personas, client_for):
    personas.firm.tax_id = ""
    personas.firm.save()
    accountant = personas.accountant
    accountant.can_manage_billing = True
    accountant.save()
    invoice = draft(personas.owner, personas.account, line(1, 100))
    page = client_for(accountant, "es").get(reverse("billing:invoice", args=[invoice.pk]))
    alert = re.search(r'data-testid="issuer-missing">(.*?)</div>', page.content.decode(), re.S)
    assert "Pide a un propietario o administrador" in alert.group(1)
    assert reverse("firms:firm_settings") not in alert.group(1)


def test_no_warning_once_the_firm_has_them(personas, client_for):
    invoice = draft(personas.owner, personas.account, line(1, 100))
    page = client_for(personas.owner).get(reverse("billing:invoice", args=[invoice.pk]))
    assert 'data-testid="issuer-missing"' not in page.content.decode()


# --- A draft estimate: edit, delete, PDF (issue 20's walkthrough) ---------------------------------


def estimate_form(**changes):
    return {
        "issue_date": "2026-11-02",
        "expiry_date": "2026-12-02",
        "notes": "Válida 30 días",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-0-description": "Constitución de sociedad",
        "lines-0-quantity": "1",
        "lines-0-unit_price": "600",
        "lines-0-tax_rate": "21",
        "lines-1-description": "Alta en Hacienda",
        "lines-1-quantity": "2",
        "lines-1-unit_price": "50",
        "lines-1-tax_rate": "21",
        **changes,
    }


def test_a_draft_estimate_is_edited_with_its_lines_and_history(
    personas, client_for, some, django_assert_max_num_queries
):
    estimate = some["estimate"]
    client = client_for(personas.owner, "es")
    client.get(reverse("home"))  # session and caches warm
    url = reverse("billing:estimate_edit", args=[estimate.pk])
    with django_assert_max_num_queries(10):
        page = client.get(reverse("billing:estimate", args=[estimate.pk])).content.decode()
        form = client.get(url).content.decode()
    assert f'href="{url}"' in page and "Editar" in page
    assert reverse("billing:estimate_pdf", args=[estimate.pk]) in page
    assert "Editar borrador de estimación" in form
    assert 'value="Asesoría fiscal"' in form  # its line, to change
    more = client.post(url, {**estimate_form(), "add_line": "1"})
    assert 'name="lines-2-description"' in more.content.decode()
    response = client.post(url, estimate_form())
    assert response.status_code == 302 and response.url == reverse(
        "billing:estimate", args=[estimate.pk]
    )
    estimate.refresh_from_db()
    assert [line.description for line in estimate.lines.all()] == [
        "Constitución de sociedad",
        "Alta en Hacienda",
    ]
    assert (estimate.total, estimate.notes) == (D("847.00"), "Válida 30 días")
    event = HistoryEvent.objects.get(verb="estimate.updated")
    assert event.before["total"] == "242.00" and event.after["total"] == "847.00"
    assert event.account == personas.account and event.actor == personas.owner.user
    refused = client.post(url, estimate_form(**{"expiry_date": "2026-10-01"}))
    assert refused.status_code == 200 and "no puede ser anterior" in refused.content.decode()
    estimate.refresh_from_db()
    assert estimate.expiry_date == date(2026, 12, 2)


def test_a_sent_estimate_is_not_edited_nor_deleted(personas, client_for, some):
    estimate = some["estimate"]
    actions.send_estimate(member=personas.owner, estimate=estimate)
    client = client_for(personas.owner, "es")
    page = client.get(reverse("billing:estimate", args=[estimate.pk])).content.decode()
    assert reverse("billing:estimate_edit", args=[estimate.pk]) not in page
    assert reverse("billing:estimate_delete", args=[estimate.pk]) not in page
    assert reverse("billing:estimate_pdf", args=[estimate.pk]) in page
    edit = reverse("billing:estimate_edit", args=[estimate.pk])
    assert "no se puede modificar" in client.get(edit, follow=True).content.decode()
    client.post(edit, estimate_form())
    delete = reverse("billing:estimate_delete", args=[estimate.pk])
    refused = client.post(delete, {"confirmed": "1"}, follow=True)
    assert "no se puede modificar ni eliminar" in refused.content.decode()
    estimate.refresh_from_db()
    assert estimate.total == D("242.00") and estimate.lines.count() == 1
    assert not HistoryEvent.objects.filter(verb__in=["estimate.updated", "estimate.deleted"])


def test_a_draft_estimate_is_deleted_once_confirmed(personas, client_for, some):
    estimate = some["estimate"]
    client = client_for(personas.owner, "es")
    url = reverse("billing:estimate_delete", args=[estimate.pk])
    page = client.get(reverse("billing:estimate", args=[estimate.pk])).content.decode()
    assert f'hx-post="{url}"' in page
    question = client.post(url, headers={"HX-Request": "true"}).content.decode()
    assert "data-confirm-modal" in question
    assert f"Eliminar la estimación {estimate.pk}" in question
    assert Estimate.objects.filter(pk=estimate.pk).exists()
    page_question = client.post(url)  # without JavaScript, a page of its own
    assert page_question.status_code == 200 and "<html" in page_question.content.decode()
    done = client.post(url, {"confirmed": "1"}, headers={"HX-Request": "true"})
    assert done.headers["HX-Redirect"] == reverse(
        "billing:account_estimates", args=[personas.account.pk]
    )
    assert not Estimate.objects.filter(pk=estimate.pk).exists()
    event = HistoryEvent.objects.get(verb="estimate.deleted")
    assert event.before == {"number": "", "status": "draft", "total": "242.00"}
    assert event.subject == f"Estimate {estimate.pk}"  # kept in English, shown in the reader's
    feed = client.get(reverse("firms:activity")).content.decode()
    assert f"Estimación {estimate.pk}" in feed
    assert client.get(reverse("billing:estimate", args=[estimate.pk])).status_code == 404


def test_an_estimate_pdf_in_the_client_contact_language(personas, client_for, some):
    EmailSwitchesFactory(link__account=personas.account, link__contact__language="fr")
    estimate = some["estimate"]
    response = client_for(personas.owner, "es").get(
        reverse("billing:estimate_pdf", args=[estimate.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'filename="estimate-{estimate.pk}.pdf"' in response["Content-Disposition"]
    found = pdf_text(response.content)
    assert f"Devis {estimate.pk}" in found and "Expire le 2 décembre 2026" in found
    assert "242,00 €" in found and "B12345674" in found  # the firm's tax id


@pytest.mark.parametrize("who", ["accountant", "see_all", "outsider", "manager", "foreign_owner"])
def test_estimate_edit_delete_and_pdf_are_404_to_who_may_not_bill_it(
    personas, client_for, some, who
):
    estimate = some["estimate"]
    client = client_for(getattr(personas, who))
    for name in ("billing:estimate_edit", "billing:estimate_pdf"):
        assert client.get(reverse(name, args=[estimate.pk])).status_code == 404, name
    edit = reverse("billing:estimate_edit", args=[estimate.pk])
    assert client.post(edit, estimate_form()).status_code == 404
    delete = reverse("billing:estimate_delete", args=[estimate.pk])
    assert client.post(delete, {"confirmed": "1"}).status_code == 404
    estimate.refresh_from_db()
    assert estimate.total == D("242.00")
    portal = client_for(personas.client_user)
    assert portal.get(reverse("billing:estimate_pdf", args=[estimate.pk])).status_code == 404
    assert portal.post(delete, {"confirmed": "1"}).status_code == 404
    assert Estimate.objects.filter(pk=estimate.pk).exists()

"""Seed 003's billing, step by step, in Spanish and in French: the Payments tab (the chart of
this month's payments, the latest 20, See more → the transactions page), the Invoices blocks,
the Estimates blocks, ACTION → Create estimate, sending it, accepting it → an invoice in one
click, issuing it, and a partial payment that moves it to Partial."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portico.billing import actions, dates
from portico.billing.models import Estimate, Invoice, Status
from tests.billing_setup import (
    billing_media,  # noqa: F401  (autouse)
    issued,
    line,
    pay,
)
from tests.browser.test_every_page import SHOWN_ACROSS
from tests.browser.test_sign_in import sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {
    "es": {
        "payments": "Pagos",
        "see_more": "Ver más",
        "transactions": "Transacciones",
        "invoices": "Facturas",
        "blocks": ["Pendiente", "Pagado", "Atrasado", "Borrador", "Parcial", "Total"],
        "estimates": "Estimaciones",
        "estimate_blocks": ["Pendiente de aceptación", "Aceptado", "Rechazado"],
        "action": "ACCIÓN",
        "create_estimate": "Crear estimación",
        "description": "Descripción",
        "quantity": "Cantidad",
        "unit_price": "Precio unitario",
        "save": "Guardar",
        "send": "Enviar",
        "send_by": "Enviar por",
        "marked": "Marcada como enviada",
        "outstanding": "Pendiente de aceptación",
        "accepted": "Aceptado",
        "make_invoice": "Crear la factura",
        "issue": "Emitir y enviar",
        "pending": "Pendiente",
        "record_payment": "Registrar pago",
        "amount": "Importe",
        "partial": "Parcial",
        "price": "1.000,50",
        "paid": "300,00",
    },
    "fr": {
        "payments": "Paiements",
        "see_more": "Voir plus",
        "transactions": "Transactions",
        "invoices": "Factures",
        "blocks": ["En attente", "Payé", "En retard", "Brouillon", "Partiel", "Total"],
        "estimates": "Devis",
        "estimate_blocks": ["En attente d’acceptation", "Accepté", "Refusé"],
        "action": "ACTION",
        "create_estimate": "Créer un devis",
        "description": "Description",
        "quantity": "Quantité",
        "unit_price": "Prix unitaire",
        "save": "Enregistrer",
        "send": "Envoyer",
        "send_by": "Envoyer par",
        "marked": "Marquée comme envoyée",
        "outstanding": "En attente d’acceptation",
        "accepted": "Accepté",
        "make_invoice": "Faire la facture",
        "issue": "Émettre et envoyer",
        "pending": "En attente",
        "record_payment": "Enregistrer un paiement",
        "amount": "Montant",
        "partial": "Partiel",
        "price": "1000,50",
        "paid": "300,00",
    },
}


@pytest.fixture
def month_of_payments(personas):
    """22 payments this month on one large invoice, an overdue one, a draft, estimates."""
    owner, account = personas.owner, personas.account
    today = dates.today(personas.firm)
    big = issued(owner, account, line(100, 100), issued=today.replace(day=1))
    for n in range(22):
        pay(owner, account, "10", big, day=today.replace(day=1 + n % today.day))
    issued(
        owner,
        account,
        line(1, 200),
        issued=today - timedelta(days=60),
        due=today - timedelta(days=30),
    )
    for rate_line, answer in ((line(1, 100), True), (line(1, 50), False), (line(3, 10), None)):
        made = actions.create_estimate(
            member=owner,
            account=account,
            issue_date=today,
            expiry_date=today + timedelta(30),
            lines=[rate_line],
        )
        actions.send_estimate(member=owner, estimate=made)
        if answer is not None:
            actions.answer_estimate(member=owner, estimate=made, accepted=answer)
    return today


@pytest.mark.parametrize("language", ["es", "fr"])
def test_seed_003_billing(page, live_server, personas, month_of_payments, language):
    labels = LABELS[language]
    sign_in(page, live_server, personas.owner.user.email, PASSWORD, language)
    page.goto(f"{live_server.url}/clients/{personas.account.pk}/")

    # Payments: the chart of this month, its total, the latest 20, See more
    page.get_by_role("link", name=labels["payments"], exact=True).click()
    expect(page.get_by_test_id("payments-chart")).to_have_attribute("data-drawn", "1")
    expect(page.get_by_test_id("month-total")).to_contain_text("220,00")
    expect(page.get_by_test_id("payment-list").locator("tbody tr")).to_have_count(20)
    page.get_by_role("link", name=labels["see_more"]).click()
    expect(page.get_by_role("heading", name=labels["transactions"])).to_be_visible()
    expect(page.get_by_test_id("payment-list").locator("tbody tr")).to_have_count(22)

    # Invoices: the six blocks
    page.goto(f"{live_server.url}/clients/{personas.account.pk}/")
    page.get_by_role("link", name=labels["invoices"], exact=True).click()
    blocks = page.get_by_test_id("invoice-blocks")
    for label in labels["blocks"]:
        expect(blocks).to_contain_text(label)
    expect(page.get_by_test_id("block-overdue-count")).to_have_text("1")
    expect(page.get_by_test_id("block-partial-amount")).to_contain_text("220,00")

    # Estimates: the three blocks
    page.get_by_role("link", name=labels["estimates"], exact=True).click()
    estimate_blocks = page.get_by_test_id("estimate-blocks")
    for label in labels["estimate_blocks"]:
        expect(estimate_blocks).to_contain_text(label)
    expect(page.get_by_test_id("block-accepted-amount")).to_contain_text("121,00")

    # ACTION → Create estimate
    page.get_by_role("button", name=labels["action"]).click()
    page.locator(".dropdown-menu").get_by_role("link", name=labels["create_estimate"]).click()
    form = page.get_by_test_id("estimate-form")
    form.get_by_label(labels["description"]).fill("Constitución de sociedad")
    form.get_by_label(labels["quantity"]).fill("1")
    form.get_by_label(labels["unit_price"]).fill(labels["price"])
    form.get_by_role("button", name=labels["save"]).click()
    expect(page.get_by_test_id("total")).to_contain_text("210,61")  # 1,000.50 + 21 %
    estimate = Estimate.objects.get(lines__description="Constitución de sociedad")

    # Sent, accepted on the client's behalf, then an invoice in one click
    page.get_by_label(labels["send_by"]).select_option(label=labels["marked"])
    page.get_by_test_id("send").click()
    expect(page.get_by_test_id("estimate-status")).to_have_text(labels["outstanding"])
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("estimate-status")).to_have_text(labels["accepted"])
    page.get_by_role("button", name=labels["make_invoice"]).click()
    estimate.refresh_from_db()
    invoice = estimate.invoice
    assert invoice is not None and invoice.status == Status.DRAFT
    expect(page).to_have_url(f"{live_server.url}/invoices/{invoice.pk}/")

    # Issued (marked as sent), then a partial payment moves it to Partial
    page.get_by_label(labels["send_by"]).select_option(label=labels["marked"])
    page.get_by_test_id("issue").click()
    expect(page.get_by_test_id("invoice-status")).to_have_text(labels["pending"])
    page.get_by_test_id("record-payment").click()
    payment = page.get_by_test_id("payment-form")
    payment.get_by_label(labels["amount"], exact=True).fill(labels["paid"])
    payment.get_by_role("button", name=labels["record_payment"]).click()
    invoice = Invoice.objects.get(pk=invoice.pk)
    assert invoice.status == Status.PARTIAL
    page.goto(f"{live_server.url}/invoices/{invoice.pk}/")
    expect(page.get_by_test_id("invoice-status")).to_have_text(labels["partial"])


def test_a_draft_estimate_on_a_phone_edited_then_deleted_after_the_modal(
    page, live_server, personas
):
    """Issue 20: at 390 px the lines stack and the Total is read without scrolling sideways;
    a draft estimate is edited, and deleted once the confirmation modal says so."""
    owner, account = personas.owner, personas.account
    today = dates.today(personas.firm)
    estimate = actions.create_estimate(
        member=owner,
        account=account,
        issue_date=today,
        expiry_date=today + timedelta(30),
        lines=[line(3, 80, description="Asesoría fiscal y contable del ejercicio completo")],
    )
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, owner.user.email, PASSWORD, "es")
    page.goto(f"{live_server.url}/estimates/{estimate.pk}/")
    total = page.get_by_test_id("total")
    expect(total).to_have_text("290,40\xa0€")  # 3 × 80 + 21 %
    assert total.evaluate(SHOWN_ACROSS), "the Total is cut off at 390 px"
    assert page.get_by_text("Asesoría fiscal y contable del ejercicio completo").evaluate(
        SHOWN_ACROSS
    )
    page.get_by_test_id("edit").click()
    form = page.get_by_test_id("estimate-form")
    form.get_by_label("Cantidad").fill("4")
    form.get_by_role("button", name="Guardar").click()
    expect(total).to_have_text("387,20\xa0€")
    page.get_by_test_id("delete").click()
    modal = page.locator("#confirm-modal")
    expect(modal.get_by_test_id("confirm-title")).to_have_text(
        f"Eliminar la estimación {estimate.pk}"
    )
    assert Estimate.objects.filter(pk=estimate.pk).exists()
    modal.get_by_test_id("confirm").click()
    expect(page).to_have_url(f"{live_server.url}/clients/{account.pk}/estimates/")
    assert not Estimate.objects.filter(pk=estimate.pk).exists()

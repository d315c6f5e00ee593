"""Seed 000 (Spanish) and 001 (French): email notifications from View details, and Notify
accountants from the row menu, with the emails arriving at a real SMTP server."""

import pytest
from playwright.sync_api import expect

from portico.notifications.models import DigestSubscription
from tests.browser.test_sign_in import sign_in
from tests.factories import PASSWORD
from tests.mail import text_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {
    "es": {
        "menu": "Menú principal",
        "clients": "Clientes",
        "actions": "Acciones para {}",
        "details": "Ver detalles",
        "email": "Correo electrónico",
        "frequency": "Seleccionar frecuencia",
        "monthly": "Mensual",
        "save": "Guardar",
        "saved": "Recibirás un resumen por correo electrónico sobre",
        "notify": "Notificar a los contables",
        "tasks": ["Recibos faltantes", "Gastos para exportar"],
        "comment": "Comentario",
        "send": "Enviar correo electrónico",
        "sent": "Enviando el correo a 2 contables",
    },
    "fr": {
        "menu": "Menu principal",
        "clients": "Clients",
        "actions": "Actions pour {}",
        "details": "Afficher les détails",
        "email": "Récapitulatif par e-mail",
        "frequency": "Sélectionner la fréquence",
        "monthly": "Mensuelle",
        "save": "Enregistrer",
        "saved": "Vous recevrez un récapitulatif par e-mail sur",
        "notify": "Notifier les comptables",
        "tasks": ["Reçus manquants", "Dépenses à exporter"],
        "comment": "Commentaire",
        "send": "Envoyer l’e-mail",
        "sent": "Envoi de l’e-mail à 2 comptables",
    },
}
CLIENT = "Panadería Núñez SL"


def open_row_menu(page, live_server, personas, language):
    labels = LABELS[language]
    sign_in(page, live_server, personas.admin.user.email, PASSWORD, language)
    page.get_by_role("navigation", name=labels["menu"]).get_by_role(
        "link", name=labels["clients"]
    ).click()
    page.get_by_role("button", name=labels["actions"].format(CLIENT)).click()
    return labels


@pytest.mark.parametrize("language", ["es", "fr"])
def test_view_details_email_checkbox_and_select_frequency(page, live_server, personas, language):
    labels = open_row_menu(page, live_server, personas, language)
    page.get_by_role("link", name=labels["details"]).click()
    card = page.get_by_test_id("notifications-card")
    card.get_by_role("switch", name=labels["email"], exact=True).check()
    card.get_by_label(labels["frequency"]).select_option(label=labels["monthly"])
    card.get_by_role("button", name=labels["save"]).click()
    expect(page.get_by_role("alert")).to_contain_text(labels["saved"])
    subscription = DigestSubscription.objects.get(member=personas.admin, account=personas.account)
    assert subscription.frequency == "monthly"
    assert subscription.starts_on.weekday() == 0  # the next Monday
    card = page.get_by_test_id("notifications-card")
    expect(card.get_by_role("switch", name=labels["email"], exact=True)).to_be_checked()


@pytest.mark.parametrize("language", ["es", "fr"])
def test_notify_accountants_sends_every_team_accountant_an_email(
    page, live_server, personas, smtp, language
):
    personas.accountant.language = "fr"
    personas.accountant.save()
    labels = open_row_menu(page, live_server, personas, language)
    page.get_by_role("link", name=labels["notify"]).click()
    for task in labels["tasks"]:
        page.get_by_label(task, exact=True).check()
    page.get_by_label(labels["comment"]).fill("Tickets de octubre, por favor.")
    page.get_by_role("button", name=labels["send"]).click()
    expect(page.get_by_role("alert")).to_contain_text(labels["sent"])
    messages = smtp.wait_for(2)
    assert sorted(m["To"] for m in messages) == sorted(
        [personas.accountant.user.email, personas.manager.user.email]
    )
    by_to = {m["To"]: text_of(m) for m in messages}
    assert "Dépenses à exporter" in by_to[personas.accountant.user.email]
    assert "Gastos para exportar" in by_to[personas.manager.user.email]
    assert all("Tickets de octubre" in text for text in by_to.values())

"""Seed 000 (Spanish) and 001 (French), step by step, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from portico.clients import actions
from tests.browser.test_sign_in import sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {
    "es": {
        "clients": "Clientes",
        "menu": "Menú principal",
        "go": "Ir al cliente",
        "details": "Ver detalles",
        "search": "Buscar clientes",
        "sort": "Ordenar por nombre",
        "back": "Volver a Clientes",
        "actions": "Acciones para {}",
    },
    "fr": {
        "clients": "Clients",
        "menu": "Menu principal",
        "go": "Aller vers le client",
        "details": "Afficher les détails",
        "search": "Rechercher des clients",
        "sort": "Trier par nom",
        "back": "Retour aux clients",
        "actions": "Actions pour {}",
    },
}


def add_client(personas, name, first, last, email):
    account = actions.create_account(member=personas.owner, name=name, kind="company")
    contact = actions.create_contact(
        member=personas.owner, first_name=first, last_name=last, emails=[email]
    )
    actions.link_contact(member=personas.owner, account=account, contact=contact)
    return account


@pytest.fixture
def clients(personas):
    add_client(personas, "Ferretería Muñoz SL", "Rocío", "Muñoz", "rocio@ferreteria-munoz.es")
    add_client(personas, "Boulangerie Dupré", "Hélène", "Dupré", "helene@boulangerie.fr")
    return personas


def open_clients(page, live_server, personas, language):
    labels = LABELS[language]
    sign_in(page, live_server, personas.admin.user.email, PASSWORD, language)
    page.get_by_role("navigation", name=labels["menu"]).get_by_role(
        "link", name=labels["clients"]
    ).click()
    expect(page.get_by_role("heading", name=labels["clients"])).to_be_visible()
    return labels


def rows(page):
    return page.get_by_test_id("client-name")


@pytest.mark.parametrize("language", ["es", "fr"])
def test_three_dots_go_to_client_and_view_details(page, live_server, clients, language):
    labels = open_clients(page, live_server, clients, language)
    name = "Ferretería Muñoz SL"
    page.get_by_role("button", name=labels["actions"].format(name)).click()
    page.get_by_role("link", name=labels["go"]).click()
    expect(page.get_by_test_id("workspace-banner")).to_contain_text(name)
    page.get_by_role("link", name=labels["back"]).click()
    page.get_by_role("button", name=labels["actions"].format(name)).click()
    page.get_by_role("link", name=labels["details"]).click()
    expect(page.get_by_role("heading", name=name).first).to_be_visible()


@pytest.mark.parametrize("language", ["es", "fr"])
def test_search_narrows_as_you_type_and_sort_by_name_flips(page, live_server, clients, language):
    labels = open_clients(page, live_server, clients, language)
    expect(rows(page)).to_have_count(4)
    first_before = rows(page).first.inner_text()
    page.get_by_role("link", name=labels["sort"]).click()
    expect(rows(page).last).to_have_text(first_before)
    expect(page).to_have_url(re.compile(r"sort=-name"))  # the order lives in the URL
    page.get_by_placeholder(labels["search"]).press_sequentially("ferreteria-mu")
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_have_text("Ferretería Muñoz SL")
    page.reload()
    expect(rows(page)).to_have_count(1)


def test_accountant_sees_onboarding_and_my_clients_only(page, live_server, personas):
    from portico.clients.models import ClientAccount

    ClientAccount.objects.filter(pk=personas.account.pk).update(onboarding="invited")
    sign_in(page, live_server, personas.accountant.user.email, PASSWORD, "es")
    tabs = page.get_by_role("tablist")
    expect(tabs.get_by_role("link")).to_have_count(2)
    expect(tabs).to_contain_text("Incorporación")
    expect(tabs).to_contain_text("Mis clientes")

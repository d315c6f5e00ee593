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
    tabs = page.get_by_role("navigation", name="Listas de clientes")
    expect(tabs.get_by_role("link")).to_have_count(2)
    expect(tabs).to_contain_text("Incorporación")
    expect(tabs).to_contain_text("Mis clientes")


# --- Issue 14, item 10 and 11: the flows that lost a click, a sort or a count ----------------


def test_the_first_tick_after_typing_a_search_is_kept(page, live_server, clients):
    """The search box reloaded the list on blur (`change`): the click that left it was lost."""
    open_clients(page, live_server, clients, "es")
    page.goto(f"{live_server.url}/clients/?size=25")
    page.get_by_placeholder("Buscar clientes").press_sequentially("ferre")
    expect(rows(page)).to_have_count(1)
    expect(page).to_have_url(re.compile(r"size=25"))  # typing keeps the page size
    expect(page).to_have_url(re.compile(r"q=ferre"))
    box = page.get_by_role("checkbox", name="Seleccionar Ferretería Muñoz SL")
    box.click()  # leaves the search box: no reload may take the tick away
    page.wait_for_timeout(800)
    expect(box).to_be_checked()
    expect(page.get_by_test_id("selection-count")).to_have_text("1 seleccionado")


def test_sort_by_name_twice_goes_back_and_the_select_says_so(page, live_server, clients):
    open_clients(page, live_server, clients, "es")
    names = rows(page)
    expect(names).to_have_count(4)
    ascending = names.all_inner_texts()
    select = page.get_by_test_id("sort")
    expect(select).to_have_value("name")
    page.get_by_role("link", name="Ordenar por nombre").click()
    expect(page).to_have_url(re.compile(r"sort=-name"))
    expect(select).to_have_value("-name")
    expect(names.first).to_have_text(ascending[-1])
    page.get_by_role("link", name="Ordenar por nombre").click()
    expect(page).to_have_url(re.compile(r"sort=name(&|$)"))
    expect(select).to_have_value("name")
    expect(names.first).to_have_text(ascending[0])
    page.get_by_test_id("name-header").click()  # the column header sets the same sort
    expect(select).to_have_value("-name")
    expect(names.first).to_have_text(ascending[-1])
    select.select_option("name")  # and the select sets what the header shows
    expect(names.first).to_have_text(ascending[0])
    expect(page.get_by_test_id("name-header").locator("..")).to_have_attribute(
        "aria-sort", "ascending"
    )


def test_a_bulk_action_on_all_matching_clients_asks_naming_the_count(page, live_server, clients):
    from portico.clients.models import TeamMembership
    from tests.factories import AccountFactory, MemberFactory

    luc = MemberFactory(firm=clients.firm, user__full_name="Luc")
    for n in range(26):
        AccountFactory(firm=clients.firm, name=f"Garage {n:02}")
    open_clients(page, live_server, clients, "es")
    page.goto(f"{live_server.url}/clients/?size=25")
    page.get_by_label(re.compile(r"Seleccionar los 30 clientes que coinciden")).check()
    page.get_by_label("Más acciones").select_option(label="Añadir miembro del equipo")
    page.locator("#bulk-member").select_option(label="Luc")
    page.get_by_role("button", name="Aplicar", exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_test_id("confirm-title")).to_have_text("Añadir a Luc a 30 clientes")
    assert not TeamMembership.objects.filter(member=luc).exists()
    dialog.get_by_role("button", name="Cancelar").click()
    expect(dialog).to_be_hidden()
    page.get_by_role("button", name="Aplicar", exact=True).click()
    page.get_by_role("dialog").get_by_test_id("confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("30 clientes modificados.")
    assert TeamMembership.objects.filter(member=luc).count() == 30

"""The layout on a phone and by keyboard (issue 17): below 992 px the sidebar is an off-canvas
menu opened by a toggle, the page is never wider than the screen, and a skip link leads past the
menu to the content."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_sign_in import sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_on_a_phone_the_menu_opens_from_its_toggle(page, live_server, personas):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, personas.admin.user.email, PASSWORD)
    menu = page.get_by_role("navigation", name="Menú principal")
    expect(page.get_by_role("heading", name="Clientes")).to_be_visible()
    expect(menu.get_by_role("link", name="Calendario")).to_be_hidden()

    page.get_by_role("button", name="Abrir el menú").click()
    menu.get_by_role("link", name="Calendario").click()

    expect(page.get_by_role("heading", name="Calendario")).to_be_visible()
    page.goto(f"{live_server.url}/calendar/")
    assert page_width(page) <= PHONE["width"]


def test_on_a_wide_screen_the_menu_is_always_there(page, live_server, personas):
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in(page, live_server, personas.admin.user.email, PASSWORD, "fr")

    expect(page.get_by_role("button", name="Ouvrir le menu")).to_be_hidden()
    expect(
        page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Calendrier")
    ).to_be_visible()


def test_the_first_tab_is_the_skip_link_to_the_content(page, live_server, personas):
    sign_in(page, live_server, personas.admin.user.email, PASSWORD)
    expect(page.get_by_role("heading", name="Clientes")).to_be_visible()

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Saltar al contenido")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "content"

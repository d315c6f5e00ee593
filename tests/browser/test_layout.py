"""The layout on a phone and by keyboard (issue 17): below 992 px the sidebar is an off-canvas
menu opened by a toggle, the page is never wider than the screen, and a skip link leads past the
menu to the content."""

import datetime
import os

import pytest
from playwright.sync_api import expect

from tests.billing_setup import (
    billing_media,  # noqa: F401  (autouse)
    issued,
    line,
)
from tests.browser.test_sign_in import sign_in
from tests.factories import PASSWORD, AccountFactory
from tests.tasks_setup import make_task

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


def screenshot(page, name):
    """Saved under $PORTICO_SCREENSHOTS when set (to look at the phone layout by eye)."""
    folder = os.environ.get("PORTICO_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_on_a_phone_the_profile_header_wraps_the_name_and_scrolls_its_tabs(
    page, live_server, personas
):
    account = AccountFactory(
        firm=personas.firm, name="Construcciones y Reformas Hermanos Fernández de la Peña SL"
    )
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, personas.owner.user.email, PASSWORD)
    page.goto(f"{live_server.url}/clients/{account.pk}/info/")
    name = page.get_by_role("heading", name=account.name)
    expect(name).to_be_visible()
    assert name.evaluate("el => el.scrollWidth <= el.clientWidth")  # wrapped, not cut
    box = name.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    tops = page.locator(".profile-tabs .nav-link").evaluate_all(
        "links => links.map(link => link.getBoundingClientRect().top)"
    )
    assert len(tops) > 3 and len(set(tops)) == 1  # one line, which scrolls sideways
    action = page.get_by_role("button", name="ACCIÓN")
    expect(action).to_be_in_viewport()
    assert action.bounding_box()["height"] >= 44
    assert page_width(page) <= PHONE["width"]
    screenshot(page, "profile")


def test_on_a_phone_the_clients_name_column_stays_while_the_table_scrolls(
    page, live_server, personas
):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, personas.owner.user.email, PASSWORD)
    page.goto(f"{live_server.url}/clients/?tab=all")
    expect(page.get_by_role("link", name="Nuevo cliente")).to_be_visible()
    assert page.get_by_role("link", name="Nuevo cliente").bounding_box()["height"] >= 44
    screenshot(page, "clients")
    table = page.get_by_test_id("client-table")
    name = page.get_by_test_id("client-name").filter(has_text="Panadería Núñez SL")
    before = name.bounding_box()["x"]
    scrolled = table.evaluate("t => { t.scrollLeft = 2000; return t.scrollLeft; }")
    assert scrolled > 0  # the table is wider than the phone and scrolls in its box
    expect(name).to_be_in_viewport()
    assert abs(name.bounding_box()["x"] - before) < 2
    assert table.get_attribute("tabindex") == "0"  # scrollable by keyboard too
    assert page_width(page) <= PHONE["width"]
    legend = page.get_by_test_id("status-legend")
    expect(legend).to_contain_text("Activo")
    expect(legend).to_contain_text("Desconectado")


def test_on_a_phone_the_portal_home_fits(page, live_server, personas):
    from tests.browser.test_every_page import sign_in_as
    from tests.portal_setup import client_user_on

    user, _ = client_user_on(personas.firm, personas.account, address="gerencia@panaderia.es")
    page.set_viewport_size(PHONE)
    page.context.add_cookies([{"name": "portico_language", "value": "es", "url": live_server.url}])
    sign_in_as(page.context, live_server, user)
    page.goto(f"{live_server.url}/portal/")
    expect(page.get_by_role("heading", name="Panadería Núñez SL")).to_be_visible()
    toggle = page.get_by_role("button", name="Abrir el menú")
    assert toggle.bounding_box()["height"] >= 44
    toggle.press("Enter")
    expect(page.get_by_role("navigation", name="Menú del portal")).to_contain_text("Documentos")
    assert page_width(page) <= PHONE["width"]
    screenshot(page, "portal-home")


def seven_days_fit(page):
    """The month grid's seven day headers all in view, side by side and equally wide."""
    headers = page.get_by_test_id("month-grid").locator("thead th")
    expect(headers).to_have_count(7)
    boxes = [headers.nth(i).bounding_box() for i in range(7)]
    for box in boxes:
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert max(b["width"] for b in boxes) - min(b["width"] for b in boxes) < 1
    assert page_width(page) <= PHONE["width"]


def test_on_a_phone_the_month_shows_all_seven_days(page, live_server, personas):
    today = datetime.date.today()
    make_task(
        personas.owner,
        today,
        account=personas.account,
        title="Presentar el modelo 303 del tercer trimestre con el gestor",
    )
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, personas.owner.user.email, PASSWORD)
    expect(page.get_by_role("heading", name="Clientes")).to_be_visible()
    page.goto(f"{live_server.url}/calendar/?view=month")
    expect(page.get_by_test_id("task-entry")).to_be_visible()
    seven_days_fit(page)
    screenshot(page, "calendar-month")
    page.goto(f"{live_server.url}/clients/{personas.account.pk}/tasks/?view=month")
    expect(page.get_by_test_id("task-entry")).to_be_visible()
    seven_days_fit(page)


def test_on_a_phone_the_portal_invoices_show_pay_without_scrolling_sideways(
    page, live_server, personas
):
    from tests.browser.test_every_page import sign_in_as
    from tests.portal_setup import client_user_on

    issued(personas.owner, personas.account, line(1, 100))
    user, _ = client_user_on(personas.firm, personas.account, address="gerencia@panaderia.es")
    page.set_viewport_size(PHONE)
    page.context.add_cookies([{"name": "portico_language", "value": "es", "url": live_server.url}])
    sign_in_as(page.context, live_server, user)
    page.goto(f"{live_server.url}/portal/{personas.account.pk}/billing/")
    pay = page.get_by_test_id("portal-invoices").get_by_role("link", name="Pagar")
    expect(pay).to_be_in_viewport()
    box = pay.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    invoices = page.get_by_test_id("portal-invoices")
    assert invoices.evaluate("t => t.scrollWidth <= t.clientWidth")  # nothing hidden sideways
    expect(page.get_by_test_id("portal-invoice")).to_contain_text("121,00")
    assert page_width(page) <= PHONE["width"]
    screenshot(page, "portal-invoices")

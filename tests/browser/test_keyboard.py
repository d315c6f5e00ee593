"""Keyboard only (issue 17's acceptance): sign in, search a client, open its profile, turn
Login on and send an invitation with Tab, Shift+Tab, Enter, Space and typing, never a click; and
every control the walk reaches shows where the focus is."""

import pytest
from playwright.sync_api import expect

from portico.portal.models import Invitation
from tests.factories import PASSWORD
from tests.portal_setup import contact_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MOST_TABS = 80  # more presses than any page here has controls before the one sought


def focused_outline(page):
    """The focused element's outline width in px (0 when focus is not shown)."""
    return page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth) || 0")


def tab_to(page, target, backwards=False):
    """Press Tab (or Shift+Tab) until `target` has the focus; each control passed on the way
    must show its focus. Fails when it is never reached."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MOST_TABS):
        page.keyboard.press(key)
        if target.evaluate("el => el === document.activeElement"):
            assert focused_outline(page) > 0, "the focus is not visible"
            return
        tag = page.evaluate("document.activeElement.tagName")
        if tag in ("A", "BUTTON", "INPUT", "SELECT", "TEXTAREA"):
            assert focused_outline(page) > 0, page.evaluate("document.activeElement.outerHTML")
    raise AssertionError(f"never reached {target}")


def test_sign_in_search_open_turn_login_on_and_invite(page, live_server, personas, settings):
    settings.SITE_URL = live_server.url
    contact_on(personas.firm, personas.account, address="lucia@panaderia.es", login=False)
    page.context.add_cookies([{"name": "portico_language", "value": "es", "url": live_server.url}])
    page.goto(f"{live_server.url}/clients/")

    tab_to(page, page.get_by_label("Correo electrónico"))
    page.keyboard.type(personas.admin.user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Clientes")).to_be_visible()

    tab_to(page, page.get_by_placeholder("Buscar clientes"))
    page.keyboard.type("panad")
    names = page.get_by_test_id("client-name")
    expect(names).to_have_count(1)
    expect(page.locator("#result-status")).to_contain_text("1 cliente")  # announced
    tab_to(page, names.first)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Panadería Núñez SL")).to_be_visible()

    row = page.get_by_test_id("email-row").filter(has_text="lucia@panaderia.es")
    tab_to(page, row.get_by_role("switch", name="Iniciar sesión"))
    page.keyboard.press("Space")
    popup = page.get_by_role("dialog", name="Enviar una invitación")
    expect(popup).to_be_visible()
    tab_to(page, popup.get_by_label("Mensaje personalizado"))
    page.keyboard.type("Hola Lucía, aquí tienes tu acceso.")
    tab_to(page, popup.get_by_role("button", name="Enviar"))
    page.keyboard.press("Enter")

    row = page.get_by_test_id("email-row").filter(has_text="lucia@panaderia.es")
    expect(row.get_by_test_id("access-state")).to_have_text("Activación pendiente")
    assert Invitation.objects.get().email.email == "lucia@panaderia.es"

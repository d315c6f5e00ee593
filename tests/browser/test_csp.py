"""The Content-Security-Policy in a real browser (issue 15): every page the suite visits is
checked for violations by the `csp_violations` fixture (conftest.py); here, that the fixture
sees them, that colours set without style="" still show, and a walk through the main pages."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_sign_in import sign_in
from tests.factories import PASSWORD, TagFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_fixture_sees_an_inline_style_and_handler(page, live_server, csp_violations):
    response = page.goto(f"{live_server.url}/sign-in/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate(
        """document.body.insertAdjacentHTML('beforeend',
        '<p style="color: red">x</p><img alt="" src="/static/nothing.png" onerror="alert(1)">')"""
    )
    page.wait_for_timeout(300)
    directives = " ".join(csp_violations)
    assert "style-src" in directives and "script-src" in directives
    csp_violations.clear()  # expected here: the fixture would fail the test on them


def test_tag_colours_and_progress_show_without_inline_style(page, live_server, personas):
    personas.account.tags.add(TagFactory(firm=personas.firm, name="VIP", colour="#d63384"))
    sign_in(page, live_server, personas.owner.user.email, PASSWORD)
    page.goto(f"{live_server.url}/clients/?tab=all")
    tag = page.locator(".tag", has_text="VIP").first
    expect(tag).to_be_visible()
    assert tag.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(214, 51, 132)"


def test_the_main_pages_have_no_violation(page, live_server, personas):
    """Staff pages with their htmx parts, the second-factor page with its QR code, and the
    portal preview: the fixture fails the test on any violation."""
    from portico.portal import actions

    account = actions.ensure_test_client(personas.firm)
    sign_in(page, live_server, personas.owner.user.email, PASSWORD)
    base = live_server.url
    for path in (
        "/clients/?tab=all",
        "/clients/?tab=pending",
        f"/clients/{personas.account.pk}/",
        f"/clients/{personas.account.pk}/info/",
        f"/clients/{personas.account.pk}/workspace/",
        "/calendar/",
        "/calendar/?view=month",
        "/settings/portal/",
        "/settings/security/",
        "/profile/two-step/",
        "/clients/999999/",
    ):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    page.goto(f"{base}/clients/{account.pk}/info/")
    page.get_by_role("button", name="Abrir el portal como este cliente").click()
    expect(page.get_by_test_id("preview-banner")).to_be_visible()
    page.goto(f"{base}/portal/settings/")
    page.wait_for_load_state("networkidle")


def test_a_file_larger_than_any_form_takes_is_refused_before_sending(page, live_server, personas):
    sign_in(page, live_server, personas.owner.user.email, PASSWORD)
    page.goto(f"{live_server.url}/clients/{personas.account.pk}/workspace/")
    field = page.locator("#document-file")
    big = {"name": "escaneo.pdf", "mimeType": "application/pdf", "buffer": b"%PDF" * (3 * 2**20)}
    field.set_input_files(big)
    message = field.evaluate("el => el.validationMessage")
    assert message.startswith("Este archivo") and "10" in message
    field.set_input_files({"name": "a.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"})
    assert field.evaluate("el => el.validationMessage") == ""

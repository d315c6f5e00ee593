import pytest
from playwright.sync_api import expect

from portico.clients.models import ClientAccount, EmailSwitches
from tests.factories import PASSWORD, AccountContactFactory, ContactEmailFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB"}


def test_info_tab_toggles_a_login_switch_and_changes_the_account_type(page, live_server, personas):
    link = AccountContactFactory(
        account=personas.account, contact__first_name="Lucía", contact__last_name="Núñez"
    )
    email = ContactEmailFactory(contact=link.contact, email="lucia@panaderia.es")
    personas.manager.language = "en"
    personas.manager.save()

    page.goto(f"{live_server.url}/")
    page.get_by_label("Email").fill(personas.manager.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
    page.goto(f"{live_server.url}/clients/{personas.account.pk}/")

    expect(page.get_by_test_id("profile-name")).to_contain_text("Panadería Núñez SL")
    expect(page.get_by_role("link", name="Overview")).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name="Info", exact=True).click()
    expect(page.get_by_role("link", name="Info")).to_have_attribute("aria-current", "page")
    row = page.get_by_test_id("email-row").filter(has_text="lucia@panaderia.es")
    login = row.get_by_role("switch", name="Login")
    expect(login).to_have_attribute("aria-checked", "false")
    login.click()
    expect(row.get_by_role("switch", name="Login")).to_have_attribute("aria-checked", "true")
    assert EmailSwitches.objects.get(link=link, email=email).login
    # Login on offers to send the invitation now (seed 002); not this time
    popup = page.get_by_role("dialog", name="Send an invitation")
    popup.get_by_role("button", name="Not now").click()
    expect(popup).to_be_hidden()

    page.get_by_role("link", name="Edit", exact=True).first.click()
    page.get_by_label("Type").select_option(label="Individual")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("account-type")).to_have_text("Individual")
    expect(page.get_by_test_id("profile-name")).to_contain_text("Panadería Núñez SL")
    assert ClientAccount.objects.get(pk=personas.account.pk).kind == "individual"

"""Home (F-8) in the browser: a click on a card's row opens that row, not the card's own page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_sign_in import sign_in
from tests.factories import PASSWORD, DigestSubscriptionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_click_on_a_digest_row_opens_the_clients_digest_setting(page, live_server, personas):
    DigestSubscriptionFactory(member=personas.accountant, account=personas.account)
    sign_in(page, live_server, personas.accountant.user.email, PASSWORD, "es")
    page.goto(f"{live_server.url}/")
    card = page.get_by_test_id("home-my_digests")
    card.get_by_role("link", name=re.compile("Panadería Núñez SL")).click()
    expect(page).to_have_url(re.compile(rf"/clients/{personas.account.pk}/info/#email-digest$"))
    expect(page.get_by_test_id("notifications-card")).to_be_visible()
    # the figure itself still opens the card's page
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("home-my_digests-count").click()
    expect(page).to_have_url(re.compile(r"/clients/\?tab=mine$"))

"""Issue 18 as a new firm would try it, in Spanish and in French, without Django admin: the
owner creates a tag and a custom field, invites an accountant who activates and sees only her
team's clients, creates a client with two contacts (tag and field filled), archives a client."""

import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from portico.clients.models import ClientAccount, CustomField, Tag
from portico.firms.models import Member
from portico.messaging.models import EmailLog
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def t(language, text):
    with translation.override(language):
        return gettext(text)


def sign_in(page, url, language, email, password=PASSWORD):
    cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url}
    page.context.add_cookies([cookie])
    page.goto(f"{url}/sign-in/")
    page.get_by_label(t(language, "Email")).fill(email)
    page.get_by_label(t(language, "Password")).fill(password)
    page.get_by_role("button", name=t(language, "Sign in")).click()
    expect(page.get_by_role("navigation", name=t(language, "Main menu"))).to_be_visible()


@pytest.mark.parametrize("language", ["es", "fr"])
def test_a_firm_runs_itself(page, browser, live_server, personas, language):
    _ = lambda text: t(language, text)  # noqa: E731
    owner = personas.owner
    Member.objects.filter(pk=owner.pk).update(language=language)
    url = live_server.url
    sign_in(page, url, language, owner.user.email)

    # Settings → Tags: a tag.
    page.get_by_test_id("settings-link").click()
    page.get_by_role("link", name=_("Tags"), exact=True).click()
    page.get_by_label(_("Name")).fill("Autónomos")
    page.get_by_role("button", name=_("Create the tag")).click()
    expect(page.get_by_test_id("tag-Autónomos")).to_be_visible()

    # Settings → Custom fields: a required text field on accounts.
    page.get_by_role("link", name=_("Custom fields")).click()
    page.get_by_label(_("Label")).fill("Régimen IVA")
    page.get_by_label(_("Kind")).select_option("text")
    page.get_by_label(_("Required")).check()
    page.get_by_role("button", name=_("Create the field")).click()
    expect(page.get_by_test_id("field-Régimen IVA")).to_be_visible()
    field = CustomField.objects.get(firm=personas.firm, label="Régimen IVA")

    # Settings → Team: invite an accountant.
    page.get_by_role("link", name=_("Team"), exact=True).click()
    invite = page.get_by_role("region", name=_("Invite a staff member"))
    invite.get_by_label(_("Email"), exact=True).fill("nuria@example.es")
    invite.get_by_label(_("Name"), exact=True).fill("Nuria Sáez")
    invite.get_by_label(_("Role")).select_option("accountant")
    invite.get_by_label(_("Language")).select_option(language)
    invite.get_by_role("button", name=_("Send the invitation")).click()
    expect(page.get_by_test_id("staff-invitations")).to_contain_text("nuria@example.es")
    body = EmailLog.objects.get(template="staff_invitation").body_text
    link = re.search(r"https?://\S+/join/\S+/", body).group(0)
    path = "/join/" + link.split("/join/", 1)[1]

    # She activates in her own browser.
    accountant_context = browser.new_context(locale=f"{language}-{language.upper()}")
    her = accountant_context.new_page()
    her.goto(f"{url}{path}")
    her.get_by_label(_("Your name")).fill("Nuria Sáez")
    her.get_by_label(_("New password"), exact=True).fill("Clave-larga-de-Nuria-7")
    her.get_by_label(_("New password confirmation")).fill("Clave-larga-de-Nuria-7")
    her.get_by_role("button", name=_("Join and sign in")).click()
    expect(her.get_by_role("navigation", name=_("Main menu"))).to_be_visible()
    nuria = Member.objects.get(user__email="nuria@example.es")

    # The owner creates a client with two contacts, the tag, the field, Nuria on its team.
    page.goto(f"{url}/clients/")
    page.get_by_test_id("new-client").click()
    details = page.get_by_role("region", name=_("Account"), exact=True)
    details.get_by_label(_("Account name"), exact=True).fill("Ferretería Lœwen SL")
    details.get_by_label("Régimen IVA").fill("General")
    page.get_by_label("Autónomos").check()
    page.get_by_label("Nuria Sáez").check()
    first = page.get_by_test_id("contact-row-1")
    first.get_by_label(_("First name"), exact=True).fill("Inés")
    first.get_by_label(_("Last name"), exact=True).fill("Núñez")
    first.get_by_label(_("Email"), exact=True).fill("ines@ferreteria.es")
    second = page.get_by_test_id("contact-row-2")
    second.get_by_label(_("First name"), exact=True).fill("Raúl")
    second.get_by_label(_("Last name"), exact=True).fill("Peña")
    page.get_by_test_id("create-client").click()
    expect(page.get_by_test_id("profile-name")).to_contain_text("Ferretería Lœwen SL")
    account = ClientAccount.objects.get(name="Ferretería Lœwen SL")
    assert account.custom_values == {str(field.pk): "General"}
    assert list(account.tags.all()) == [Tag.objects.get(name="Autónomos")]
    assert account.links.count() == 2

    # Nuria sees only her team's client.
    her.goto(f"{url}/clients/")
    expect(her.get_by_text("Ferretería Lœwen SL")).to_be_visible()
    expect(her.get_by_text("Talleres Ibáñez")).to_have_count(0)
    assert nuria.role == "accountant"
    accountant_context.close()

    # The owner archives a client: it leaves All and shows under Archived.
    page.goto(f"{url}/clients/{personas.other_account.pk}/status/")
    page.get_by_test_id("archive").click()
    page.goto(f"{url}/clients/?tab=all")
    expect(page.get_by_text("Talleres Ibáñez")).to_have_count(0)
    page.get_by_test_id("tab-archived").click()
    expect(page.get_by_text("Talleres Ibáñez")).to_be_visible()

    # The owner deactivates Nuria, then reactivates her from the Team page.
    page.goto(f"{url}/settings/team/")
    row = page.get_by_test_id("staff-nuria@example.es")
    row.locator("summary").click()
    row.get_by_role("button", name=_("Deactivate %(name)s") % {"name": "Nuria Sáez"}).click()
    expect(row.get_by_text(_("Deactivated"), exact=True)).to_be_visible()
    row.get_by_test_id("reactivate").click()
    expect(page.get_by_role("alert")).to_contain_text(
        _("%(name)s is active again and may sign in.") % {"name": "Nuria Sáez"}
    )
    nuria.refresh_from_db()
    assert nuria.is_active


OVERFLOW = (
    "() => { const m = document.querySelector('main'); return m.scrollWidth - m.clientWidth; }"
)


def test_the_new_pages_fit_a_phone(page, live_server, personas):
    """At 390 px, none of the new pages is wider than the screen (the menu is off-canvas)."""
    sign_in(page, live_server.url, "es", personas.owner.user.email)
    page.set_viewport_size({"width": 390, "height": 844})
    paths = [
        "/settings/",
        "/settings/team/",
        "/settings/tags/",
        "/settings/fields/",
        "/settings/activity/",
        "/settings/emails/",
        "/profile/",
        "/clients/new/",
        f"/clients/{personas.account.pk}/status/",
        f"/clients/{personas.account.pk}/emails/",
    ]
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate(OVERFLOW)
        assert overflow <= 0, (path, overflow)

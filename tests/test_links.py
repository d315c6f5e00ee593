"""Links that act without signing in check, when used, that their email still has access
(issue 14, item 5): the document link (A-8), the invitation's activation link (A-2) and the
portal's password-reset link stop working once Login is turned off or the contact is unlinked
from the account; the staff's reset link once the member is deactivated."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from portico.clients import actions as client_actions
from portico.clients.models import AccountContact
from portico.firms.models import Member, User
from portico.messaging.models import EmailLog
from portico.portal import actions
from portico.portal.models import MagicLink
from tests.factories import PASSWORD, PortalIdentityFactory, PortalSettingsFactory
from tests.portal_setup import (
    MAGIC,
    activation_token,
    contact_on,
    media,  # noqa: F401  (an autouse fixture)
    token_in,
)

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Otra-clave-muy-larga-9"
RESET_LINK = re.compile(r"(/(?:portal/)?password/reset/[^/\s]+/[^/\s]+/)")


def login_off(personas, email, account):
    link = AccountContact.objects.get(account=account, contact=email.contact)
    client_actions.set_switches(member=personas.owner, link=link, email=email, login=False)


def unlink(personas, email, account):
    link = AccountContact.objects.get(account=account, contact=email.contact)
    client_actions.unlink_contact(member=personas.owner, link=link)


LOSE_ACCESS = {"login_off": login_off, "unlink": unlink}


# --- The document link (A-8) ------------------------------------------------------------------


@pytest.fixture
def document_link(client_for, personas, django_capture_on_commit_callbacks):
    """Rocío, with Login and Notify on, got a link to a shared document; returns her email and
    the link's token."""
    PortalSettingsFactory(firm=personas.firm)
    email, _ = contact_on(personas.firm, personas.account, language="es")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(personas.accountant).post(
            reverse("documents:upload", args=[personas.account.pk]),
            {"file": SimpleUploadedFile("Modelo 303.pdf", b"%PDF-1.4 303"), "shared": "on"},
        )
    log = EmailLog.objects.get(template="document_shared")
    return email, token_in(log.body_text, MAGIC)


@pytest.mark.parametrize("lose", LOSE_ACCESS)
def test_the_document_link_stops_working_when_access_ends(personas, document_link, lose):
    email, token = document_link
    anonymous = Client()
    assert anonymous.get(reverse("portal:magic", args=[token])).status_code == 200
    LOSE_ACCESS[lose](personas, email, personas.account)
    for name in ("portal:magic", "portal:magic_download"):
        response = anonymous.get(reverse(name, args=[token]))
        assert response.status_code == 410
        assert "Su despacho ha desactivado su acceso al portal" in response.content.decode()
    assert MagicLink.objects.get().used_at is None  # nothing was downloaded


def test_the_document_link_works_again_when_login_is_back_on(personas, document_link):
    email, token = document_link
    login_off(personas, email, personas.account)
    link = AccountContact.objects.get(account=personas.account, contact=email.contact)
    client_actions.set_switches(member=personas.owner, link=link, email=email, login=True)
    download = Client().get(reverse("portal:magic_download", args=[token]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 303"


def test_a_contact_without_login_is_notified_without_a_document_link(
    client_for, personas, django_capture_on_commit_callbacks
):
    """The rule holds when the link would be made, too: Notify on, Login off, no link."""
    PortalSettingsFactory(firm=personas.firm)
    contact_on(personas.firm, personas.account, login=False)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(personas.accountant).post(
            reverse("documents:upload", args=[personas.account.pk]),
            {"file": SimpleUploadedFile("Modelo 303.pdf", b"%PDF-1.4 303"), "shared": "on"},
        )
    log = EmailLog.objects.get(template="document_shared")
    assert "/portal/link/" not in log.body_text and "/portal/" in log.body_text
    assert not MagicLink.objects.exists()


# --- The invitation's activation link (A-2) ---------------------------------------------------


@pytest.mark.parametrize("lose", LOSE_ACCESS)
def test_the_activation_link_stops_working_when_access_to_its_account_ends(
    personas, django_capture_on_commit_callbacks, lose
):
    """Even while the email keeps Login on another account: the link is for this one."""
    email, _ = contact_on(personas.firm, personas.account, personas.other_account)
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite(member=personas.owner, account=personas.account, email=email)
    token = activation_token(email.email)
    LOSE_ACCESS[lose](personas, email, personas.account)
    client = Client(headers={"accept-language": "es"})
    url = reverse("portal:activate", args=[token])
    for response in (
        client.get(url),
        client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}),
    ):
        assert response.status_code == 410
        assert "Su despacho ha desactivado su acceso al portal" in response.content.decode()
    assert not User.objects.filter(email=email.email).exists()


# --- Password-reset links ---------------------------------------------------------------------


def reset_link(client, url_name, address):
    client.post(reverse(url_name), {"email": address})
    return RESET_LINK.search(EmailLog.objects.latest("id").body_text).group(1)


def reset_with(client, link):
    """Open a reset link and choose a new password; whether the password was changed."""
    page = client.get(link, follow=True)
    if not page.context["validlink"]:
        assert "no es válido" in page.content.decode()
        return False
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    return True


@pytest.mark.parametrize("lose", LOSE_ACCESS)
def test_the_portal_reset_link_stops_working_when_access_ends(
    personas, django_capture_on_commit_callbacks, lose
):
    email, _ = contact_on(personas.firm, personas.account)
    user = PortalIdentityFactory(email=email).user
    client = Client(headers={"accept-language": "es"})
    with django_capture_on_commit_callbacks(execute=True):
        link = reset_link(client, "portal:password_reset", user.email)
    LOSE_ACCESS[lose](personas, email, personas.account)
    assert not reset_with(client, link)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_portal_reset_link_works_while_access_lasts(
    personas, django_capture_on_commit_callbacks
):
    email, _ = contact_on(personas.firm, personas.account)
    user = PortalIdentityFactory(email=email).user
    client = Client(headers={"accept-language": "es"})
    with django_capture_on_commit_callbacks(execute=True):
        link = reset_link(client, "portal:password_reset", user.email)
    assert reset_with(client, link)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_no_portal_reset_email_without_access(personas, django_capture_on_commit_callbacks):
    email, _ = contact_on(personas.firm, personas.account, login=False)
    user = PortalIdentityFactory(email=email).user
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("portal:password_reset"), {"email": user.email})
    assert not EmailLog.objects.exists()


def test_the_staff_reset_link_stops_working_when_the_member_is_deactivated(
    personas, django_capture_on_commit_callbacks
):
    client = Client(headers={"accept-language": "es"})
    with django_capture_on_commit_callbacks(execute=True):
        link = reset_link(client, "firms:password_reset", personas.accountant.user.email)
    Member.objects.filter(pk=personas.accountant.pk).update(is_active=False)
    assert not reset_with(client, link)
    personas.accountant.user.refresh_from_db()
    assert personas.accountant.user.check_password(PASSWORD)

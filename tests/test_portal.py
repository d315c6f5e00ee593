"""The client portal: activation links (A-2), separation from staff (F-5), accounts (A-6),
documents (A-7), the client's settings (A-9), idle time-out (A-10)."""

import time
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from portico.clients.models import Contact, EmailSwitches
from portico.core.models import HistoryEvent
from portico.documents.models import Document
from portico.firms.models import User
from portico.portal import actions
from portico.portal.access import SEEN
from portico.portal.models import Invitation, PortalActivity, PortalIdentity, PortalSettings
from tests.factories import (
    PASSWORD,
    AccountContactFactory,
    AccountFactory,
    DocumentFactory,
    EmailSwitchesFactory,
    MemberFactory,
    PortalSettingsFactory,
)
from tests.portal_setup import (
    activation_token,
    client_user_on,
    contact_on,
    media,  # noqa: F401  (an autouse fixture)
    portal_client,
)

pytestmark = pytest.mark.django_db
Verb = HistoryEvent.Verb
NEW_PASSWORD = "Otra-clave-muy-larga-9"


def activate_url(token):
    return reverse("portal:activate", args=[token])


def invite(personas, email, message=""):
    return actions.invite(
        member=personas.owner, account=personas.account, email=email, message=message
    )


@pytest.fixture
def invited(personas, django_capture_on_commit_callbacks):
    """Rocío has Login on for the account and an invitation in her inbox (in Spanish)."""
    email, _ = contact_on(personas.firm, personas.account)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(personas, email, message="¡Bienvenida, Rocío!")
    return invitation, activation_token(email.email)


def snapshot():
    return (
        User.objects.count(),
        PortalIdentity.objects.count(),
        sorted(Invitation.objects.values_list("pk", "status")),
        PortalActivity.objects.count(),
        HistoryEvent.objects.count(),
    )


# --- Activation (A-2) -------------------------------------------------------------------------


def test_the_link_sets_a_password_signs_in_and_lands_in_the_portal(client, invited):
    invitation, token = invited
    page = client.get(activate_url(token))
    assert page.status_code == 200
    assert "Active su acceso al portal" in page.content.decode()  # the contact's language
    response = client.post(
        activate_url(token), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("portal:account", args=[invitation.account_id])
    landing = client.get(response.url)
    assert landing.status_code == 200 and invitation.account.name in landing.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    user = User.objects.get(email="rocio@ferreteria.es")
    assert user.check_password(NEW_PASSWORD) and not hasattr(user, "member")
    assert PortalIdentity.objects.get(user=user).email == invitation.email
    assert PortalActivity.objects.filter(account=invitation.account).exists()
    verbs = set(
        HistoryEvent.objects.filter(account=invitation.account).values_list("verb", flat=True)
    )
    assert {Verb.INVITATION_SENT, Verb.INVITATION_ACCEPTED, Verb.PORTAL_SIGNED_IN} <= verbs


def test_passwords_that_differ_or_are_weak_change_nothing(client, invited):
    _, token = invited
    before = snapshot()
    for data in (
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"},
        {"password1": "1234", "password2": "1234"},
    ):
        response = client.post(activate_url(token), data)
        assert response.status_code == 400
    assert (
        "Las dos contraseñas no son iguales."
        in client.post(
            activate_url(token), {"password1": NEW_PASSWORD, "password2": "x"}
        ).content.decode()
    )
    assert snapshot() == before


def refused(client, token, text):
    before = snapshot()
    for response in (
        client.get(activate_url(token)),
        client.post(activate_url(token), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}),
    ):
        assert response.status_code in (404, 410)
        assert text in response.content.decode()
        assert "_auth_user_id" not in client.session
    assert snapshot() == before


def test_a_used_link_is_refused_and_changes_nothing(invited):
    _, token = invited
    first = Client(headers={"accept-language": "es"})
    first.post(activate_url(token), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client, used = Client(headers={"accept-language": "en"}), "Esta invitación ya se ha utilizado"
    response = client.get(activate_url(token))
    assert response.status_code == 410
    assert used in response.content.decode()
    # Activate sent again (a double click, a second tab): the access is active, go sign in.
    before = snapshot()
    data = {"password1": NEW_PASSWORD + "2", "password2": NEW_PASSWORD + "2"}
    response = client.post(activate_url(token), data)
    assert response.url == reverse("portal:sign_in")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Esta invitación ya se ha utilizado. Inicie sesión con su correo electrónico y su "
        "contraseña."
    ]
    assert "_auth_user_id" not in client.session
    assert snapshot() == before


def test_an_expired_link_is_refused_and_changes_nothing(client, invited):
    invitation, token = invited
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    refused(client, token, "Esta invitación ha caducado")


def test_a_link_resent_over_is_refused_and_the_new_one_works(
    client, personas, invited, django_capture_on_commit_callbacks
):
    invitation, old = invited
    with django_capture_on_commit_callbacks(execute=True):
        invite(personas, invitation.email)
    new = activation_token(invitation.email.email)
    assert new != old
    refused(client, old, "Se le ha enviado una invitación más reciente")
    response = client.post(
        activate_url(new), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    statuses = Invitation.objects.order_by("pk").values_list("status", flat=True)
    assert list(statuses) == ["replaced", "accepted"]


def test_a_cancelled_link_is_refused_and_changes_nothing(client, personas, invited):
    invitation, token = invited
    assert actions.cancel(member=personas.owner, emails_=[invitation.email]) == 1
    assert HistoryEvent.objects.filter(verb=Verb.INVITATION_CANCELLED).count() == 1
    refused(client, token, "Esta invitación se ha cancelado")


def test_a_tampered_link_and_login_switched_off_are_refused(invited):
    invitation, token = invited
    client = Client(headers={"accept-language": "es"})
    refused(client, token[:-2] + "xx", "Este enlace no es válido")
    EmailSwitches.objects.filter(email=invitation.email).update(login=False)
    refused(client, token, "Su despacho ha desactivado su acceso al portal")


def test_an_address_of_staff_is_never_invited_nor_activated(client, personas, invited):
    invitation, token = invited
    MemberFactory(firm=personas.firm, user__email=invitation.email.email)
    refused(client, token, "pertenece a un miembro del personal del despacho")
    with pytest.raises(actions.AccessRefused, match=invitation.email.email):
        invite(personas, invitation.email)


# --- Separation from staff (F-5) -------------------------------------------------------------


def staff_urls(personas):
    """Every URL of the staff side, with ids of real objects of the firm."""
    values = {"pk": personas.account.pk}
    skip = {"portal", "billing_portal", "firms", "admin"}
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns not in skip:
                    walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern) and namespace:
                route = prefix + str(pattern.pattern)
                for name in pattern.pattern.converters:
                    route = route.replace(f"<int:{name}>", str(values.get(name, 1)))
                    route = route.replace(f"<str:{name}>", "x").replace(f"<{name}>", "x")
                found.append("/" + route)

    walk(get_resolver().url_patterns, "", None)
    return found


def test_a_client_user_gets_404_on_every_staff_url(personas):
    user, _ = client_user_on(personas.firm, personas.account)
    client = portal_client(user)
    urls = staff_urls(personas)
    assert len(urls) > 25 and "/clients/" in urls and "/settings/portal/" in urls
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert client.get("/").status_code == 404  # Home is for staff only


def test_a_client_user_gets_404_on_another_accounts_portal_pages(personas):
    user, _ = client_user_on(personas.firm, personas.account)
    document = DocumentFactory(account=personas.other_account)
    foreign = DocumentFactory(account=personas.foreign_account)
    client = portal_client(user)
    for account, doc in ((personas.other_account, document), (personas.foreign_account, foreign)):
        for url in (
            reverse("portal:account", args=[account.pk]),
            reverse("portal:documents", args=[account.pk]),
            reverse("portal:download", args=[account.pk, doc.pk]),
            reverse("portal:download", args=[personas.account.pk, doc.pk]),
        ):
            assert client.get(url).status_code == 404, url
    assert client.get(reverse("portal:account", args=[personas.account.pk])).status_code == 200


def test_a_contact_on_two_accounts_switches_between_exactly_those_two(personas):
    third = AccountFactory(firm=personas.firm, name="Tercera SL")
    user, email = client_user_on(personas.firm, personas.account, personas.other_account)
    link = AccountContactFactory(account=third, contact=email.contact)
    EmailSwitchesFactory(link=link, email=email, login=False, notify=True)
    client = portal_client(user)
    home = client.get(reverse("portal:home"))
    assert home.status_code == 302
    page = client.get(home.url)
    assert [a.name for a in page.context["accounts"]] == sorted(
        [personas.account.name, personas.other_account.name], key=str.lower
    )
    html = page.content.decode()
    assert html.count('data-testid="switch-to"') == 2
    for account in (personas.account, personas.other_account):
        assert client.get(reverse("portal:account", args=[account.pk])).status_code == 200
    assert client.get(reverse("portal:account", args=[third.pk])).status_code == 404


def test_staff_and_clients_sign_in_only_on_their_own_page(client, personas):
    user, _ = client_user_on(personas.firm, personas.account)
    user.set_password(PASSWORD)
    user.save()
    staff = personas.owner.user.email
    response = client.post(reverse("portal:sign_in"), {"email": staff, "password": PASSWORD})
    assert response.status_code == 200
    assert "Staff sign in on the firm" in response.content.decode()
    response = client.post(reverse("firms:login"), {"email": user.email, "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    response = client.post(reverse("portal:sign_in"), {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("portal:home")
    assert PortalActivity.objects.filter(account=personas.account).exists()


def test_staff_get_404_in_the_portal_unless_trying_their_test_client(client_for, personas):
    for who in (personas.owner, personas.accountant):
        response = client_for(who).get(reverse("portal:account", args=[personas.account.pk]))
        assert response.status_code == 404


def test_anonymous_visitors_go_to_the_portal_sign_in(client, personas):
    response = client.get(reverse("portal:documents", args=[personas.account.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("portal:sign_in"))


def test_an_idle_session_ends_after_the_firms_time_out(personas):
    PortalSettingsFactory(firm=personas.firm, idle_minutes=PortalSettings.IdleTimeout.HALF_HOUR)
    user, _ = client_user_on(personas.firm, personas.account)
    client = portal_client(user)
    url = reverse("portal:account", args=[personas.account.pk])
    assert client.get(url).status_code == 200
    session = client.session
    session[SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(url).status_code == 200
    session = client.session
    session[SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("portal:sign_in"))
    assert "_auth_user_id" not in client.session


# --- Documents (A-7, W-1) ---------------------------------------------------------------------


def upload(name, content):
    return SimpleUploadedFile(name, content)


def test_a_client_uploads_a_document_that_is_new_for_the_firm(personas):
    user, _ = client_user_on(personas.firm, personas.account)
    client = portal_client(user)
    url = reverse("portal:documents", args=[personas.account.pk])
    response = client.post(url, {"file": upload("Factura enero.pdf", b"%PDF-1.7 contenido")})
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.name, document.shared, document.uploaded_by_client) == (
        "Factura enero.pdf",
        True,
        user,
    )
    assert document.is_new
    assert HistoryEvent.objects.filter(verb=Verb.DOCUMENT_UPLOADED, actor=user).exists()
    download = client.get(reverse("portal:download", args=[personas.account.pk, document.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.7 contenido"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "No se aceptan archivos de este tipo"),
        ("vacío.pdf", b"", "está vacío"),
        ("falso.pdf", b"hola, no soy un PDF", "no corresponde a su extensión .pdf"),
        ("grande.txt", b"a" * (10 * 1024 * 1024 + 1), "Este archivo ocupa más de 10,0"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(personas, name, content, message):
    user, _ = client_user_on(personas.firm, personas.account)
    url = reverse("portal:documents", args=[personas.account.pk])
    response = portal_client(user).post(url, {"file": upload(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Document.objects.exists()


def test_the_client_sees_only_shared_documents(personas):
    user, _ = client_user_on(personas.firm, personas.account)
    shared = DocumentFactory(account=personas.account, name="Modelo 303.pdf")
    private = DocumentFactory(account=personas.account, name="Notas internas.pdf", shared=False)
    client = portal_client(user)
    page = client.get(reverse("portal:documents", args=[personas.account.pk]))
    assert [d.name for d in page.context["documents"]] == [shared.name]
    url = reverse("portal:download", args=[personas.account.pk, private.pk])
    assert client.get(url).status_code == 404


# --- The client's settings (A-7, A-9) ---------------------------------------------------------


def test_the_client_changes_language_password_and_notifications(personas):
    user, email = client_user_on(personas.firm, personas.account, language="es")
    user.set_password(PASSWORD)
    user.save()
    client = portal_client(user)
    assert client.get(reverse("portal:settings")).status_code == 200
    client.post(reverse("portal:language"), {"language": "fr"})
    assert Contact.objects.get(pk=email.contact_id).language == "fr"
    page = client.get(reverse("portal:settings")).content.decode()
    assert "Mes paramètres" in page
    response = client.post(
        reverse("portal:password"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    url = reverse("portal:notifications", args=[email.pk])
    assert client.post(url, {}).status_code == 302
    assert email.notification_prefs.muted == ["document_shared", "invoice_sent"]
    assert HistoryEvent.objects.filter(verb=Verb.NOTIFICATIONS_CHANGED, actor=user).exists()
    other_email, _ = contact_on(personas.firm, personas.account, address="otro@example.es")
    assert (
        client.post(reverse("portal:notifications", args=[other_email.pk]), {}).status_code == 404
    )


def test_portal_password_reset_mails_a_portal_link_in_the_contacts_language(
    client, personas, django_capture_on_commit_callbacks
):
    user, _ = client_user_on(personas.firm, personas.account, language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:password_reset"), {"email": user.email})
        client.post(reverse("portal:password_reset"), {"email": personas.owner.user.email})
    from portico.messaging.models import EmailLog

    (log,) = EmailLog.objects.filter(template="portal_password_reset")
    assert log.to == user.email and log.language == "fr"
    assert "/portal/password/reset/" in log.body_text

"""Sign-in and password-reset throttling (F-4, issue 15): per account and per IP address, staff and
portal, with a translated message saying when to try again, lockouts in History."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client, RequestFactory
from django.urls import reverse

from portico.core.models import HistoryEvent
from portico.firms import actions
from portico.firms.models import ResetRequest
from portico.firms.signin import client_ip
from tests.factories import PASSWORD
from tests.portal_setup import client_user_on

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("firms:login")
PORTAL_SIGN_IN = reverse("portal:sign_in")
LOCKED = {
    "en": "Too many failed sign-in attempts. For your security, signing in is paused: try again "
    "in 15 minutes.",
    "es": "Demasiados intentos fallidos de inicio de sesión. Por tu seguridad, el inicio de sesión "
    "está en pausa: vuelve a intentarlo dentro de 15 minutos.",
    "fr": "Trop de tentatives de connexion échouées. Pour votre sécurité, la connexion est "
    "suspendue\u00a0: réessayez dans 15 minutes.",
}
PORTAL_LOCKED_ES = (
    "Demasiados intentos fallidos de inicio de sesión. Por su seguridad, el inicio de sesión está "
    "en pausa: vuelva a intentarlo dentro de 15 minutos."
)
WRONG = "The email or the password is not right."


def client_from(ip="203.0.113.7", language="en"):
    return Client(REMOTE_ADDR=ip, headers={"accept-language": language})


def sign_in(client, email, password, url=SIGN_IN):
    return client.post(url, {"email": email, "password": password})


def after_the_window():
    """Move every counted failure and reset request back by the window and a minute."""
    shift = settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - shift)
    ResetRequest.objects.update(requested_at=F("requested_at") - shift)


def text(response):
    return response.content.decode()


# --- Staff sign-in ----------------------------------------------------------------------------


def test_the_eleventh_attempt_is_refused_even_with_the_right_password_then_allowed_after_the_window(
    personas,
):
    client, email = client_from(), personas.accountant.user.email
    for attempt in range(1, 11):
        response = sign_in(client, email, f"wrong-{attempt}")
        if attempt < 10:
            assert response.status_code == 200 and WRONG in text(response)
    assert response.status_code == 429 and LOCKED["en"] in text(response)

    response = sign_in(client, email, PASSWORD)
    assert response.status_code == 429
    assert LOCKED["en"] in text(response) and WRONG not in text(response)
    assert "_auth_user_id" not in client.session

    after_the_window()
    response = sign_in(client, email, PASSWORD)
    assert response.status_code == 302 and response.url == reverse("clients:list")
    assert client.get(response.url).status_code == 200


def test_a_lockout_is_one_history_event_of_the_members_firm(personas):
    client, member = client_from(), personas.accountant
    for _ in range(12):
        sign_in(client, member.user.email, "wrong")
    (event,) = HistoryEvent.objects.filter(verb=actions.SIGN_IN_LOCKED)
    assert (event.firm, event.actor, event.subject) == (
        personas.firm,
        member.user,
        member.user.email,
    )
    assert event.after == {"ip_address": "203.0.113.7"}
    assert event.verb_label == "was locked out of signing in"


def test_the_account_is_counted_whatever_the_case_and_from_any_address(personas):
    email = personas.admin.user.email
    for n in range(10):
        sign_in(client_from(f"198.51.100.{n}"), email.upper() if n % 2 else email, "wrong")
    response = sign_in(client_from("192.0.2.1"), email, PASSWORD)
    assert response.status_code == 429 and LOCKED["en"] in text(response)
    # Other members are not affected.
    assert sign_in(client_from("192.0.2.1"), personas.owner.user.email, PASSWORD).status_code == 302


def test_an_address_is_locked_after_failures_on_any_accounts(personas):
    attacker = client_from("203.0.113.66")
    for n in range(10):
        sign_in(attacker, f"guess{n}@example.com", "wrong")
    response = sign_in(attacker, personas.owner.user.email, PASSWORD)
    assert response.status_code == 429 and "_auth_user_id" not in attacker.session
    assert sign_in(client_from("192.0.2.2"), personas.owner.user.email, PASSWORD).status_code == 302
    # Nobody's account was guessed at ten times: nothing to record in a firm's History.
    assert not HistoryEvent.objects.filter(verb=actions.SIGN_IN_LOCKED).exists()


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_lockout_message_is_translated(personas, language):
    client = client_from(language=language)
    for _ in range(10):
        response = sign_in(client, personas.admin.user.email, "wrong")
    assert LOCKED[language] in text(response)


def test_the_limit_and_window_are_settings(personas, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=5)
    client = client_from()
    for _ in range(3):
        response = sign_in(client, personas.admin.user.email, "wrong")
    assert response.status_code == 429 and "try again in 5 minutes" in text(response)


def test_the_django_admin_sign_in_is_throttled_too(personas):
    client = client_from()
    for _ in range(10):
        client.post(reverse("admin:login"), {"username": "op@example.com", "password": "wrong"})
    response = client.post(reverse("admin:login"), {"username": "op@example.com", "password": "x"})
    assert response.status_code == 429 and LOCKED["en"] in text(response)


def test_behind_proxies_the_address_is_the_one_the_outermost_proxy_saw(settings):
    request = RequestFactory().post(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.1"
    )
    assert client_ip(request) == "10.0.0.2"
    settings.PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.9"
    settings.PROXY_COUNT = 5  # fewer entries than proxies: the header is not to be trusted
    assert client_ip(request) == "10.0.0.2"


# --- Portal sign-in ---------------------------------------------------------------------------


def test_portal_sign_in_eleventh_attempt_refused_then_allowed_after_the_window(personas):
    user, _ = client_user_on(personas.firm, personas.account, personas.other_account)
    client = client_from(language="es")
    for _ in range(10):
        sign_in(client, user.email, "wrong", PORTAL_SIGN_IN)
    response = sign_in(client, user.email, PASSWORD, PORTAL_SIGN_IN)
    assert response.status_code == 429 and PORTAL_LOCKED_ES in text(response)
    assert "_auth_user_id" not in client.session
    events = HistoryEvent.objects.filter(verb=actions.SIGN_IN_LOCKED)
    assert {e.account for e in events} == {personas.account, personas.other_account}
    assert {e.actor for e in events} == {user}

    after_the_window()
    response = sign_in(client, user.email, PASSWORD, PORTAL_SIGN_IN)
    assert response.status_code == 302 and response.url == reverse("portal:home")


# --- Password-reset requests ------------------------------------------------------------------

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"')
RESET_PAUSED = "Too many requests for a new password. Try again in 15 minutes."


def ask_reset(client, email, url, callbacks):
    with callbacks(execute=True):
        return client.post(url, {"email": email})


@pytest.mark.parametrize("portal", [False, True], ids=["staff", "portal"])
def test_reset_requests_past_the_limit_send_nothing_until_the_window_passes(
    personas, smtp, django_capture_on_commit_callbacks, portal
):
    if portal:
        email, _ = client_user_on(personas.firm, personas.account)
        email, url = email.email, reverse("portal:password_reset")
    else:
        email, url = personas.accountant.user.email, reverse("firms:password_reset")
    client = client_from()
    for _ in range(5):
        assert ask_reset(client, email, url, django_capture_on_commit_callbacks).status_code == 302
    assert len(smtp.wait_for(5)) == 5

    response = ask_reset(client, email.upper(), url, django_capture_on_commit_callbacks)
    assert response.status_code == 429 and RESET_PAUSED in text(response)
    response = ask_reset(client_from("192.0.2.9"), email, url, django_capture_on_commit_callbacks)
    assert response.status_code == 429  # per address, from anywhere
    assert len(smtp.wait_for(6, timeout=1)) == 5

    after_the_window()
    assert ask_reset(client, email, url, django_capture_on_commit_callbacks).status_code == 302
    assert len(smtp.wait_for(6)) == 6


def test_a_refused_reset_does_not_tell_whether_the_address_exists(
    personas, smtp, django_capture_on_commit_callbacks
):
    url, pages = reverse("firms:password_reset"), {}
    for n, email in enumerate((personas.owner.user.email, "nobody@example.com")):
        client = client_from(f"192.0.2.{50 + n}")
        for _ in range(6):
            response = ask_reset(client, email, url, django_capture_on_commit_callbacks)
        page = CSRF.sub("", text(response)).replace(email, "EMAIL")
        pages[email] = (response.status_code, page)
    assert pages[personas.owner.user.email] == pages["nobody@example.com"]
    assert pages["nobody@example.com"][0] == 429
    assert len(smtp.wait_for(5)) == 5  # the owner's first five


def test_reset_requests_are_limited_per_address_of_the_requester(
    personas, smtp, django_capture_on_commit_callbacks
):
    url, attacker = reverse("firms:password_reset"), client_from("203.0.113.80")
    for n in range(5):
        ask_reset(attacker, f"guess{n}@example.com", url, django_capture_on_commit_callbacks)
    response = ask_reset(
        attacker, personas.owner.user.email, url, django_capture_on_commit_callbacks
    )
    assert response.status_code == 429 and RESET_PAUSED in text(response)
    assert smtp.wait_for(1, timeout=1) == []
    other = ask_reset(
        client_from(), personas.owner.user.email, url, django_capture_on_commit_callbacks
    )
    assert other.status_code == 302 and len(smtp.wait_for(1)) == 1


def test_the_portal_reset_message_uses_usted(personas, django_capture_on_commit_callbacks):
    url, client = reverse("portal:password_reset"), client_from(language="es")
    for _ in range(6):
        response = ask_reset(client, "nadie@example.es", url, django_capture_on_commit_callbacks)
    assert (
        "Demasiadas solicitudes de contraseña nueva. Vuelva a intentarlo dentro de 15 minutos."
        in text(response)
    )


def test_query_counts_of_the_throttled_pages(personas, django_assert_max_num_queries):
    """Axes reads two counts (account, address) before a password is checked and writes one
    record after a failure; a reset request adds its two counts, its row and the clean-up, and
    emails.send() its check that the address is not a deactivated user's (core/recipients.py).
    A member's failed sign-in is also looked up and kept in History (the activity feed), and a
    sign-in notes its session (My profile's sessions)."""
    client, email = client_from(), personas.admin.user.email
    for url in (SIGN_IN, PORTAL_SIGN_IN, reverse("firms:password_reset")):
        with django_assert_max_num_queries(2):
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(14):
        assert sign_in(client, email, "wrong").status_code == 200
    with django_assert_max_num_queries(18):
        assert sign_in(client, email, PASSWORD).status_code == 302
    for url in (reverse("firms:password_reset"), reverse("portal:password_reset")):
        with django_assert_max_num_queries(11):
            assert client_from("192.0.2.77").post(url, {"email": email}).status_code == 302

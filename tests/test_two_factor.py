"""The TOTP second factor (F-4): enrolment, the code step of sign-in, recovery codes, the firm's
requirement and the owner's reset, with the personas' rights."""

import re
import time
from binascii import unhexlify

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portico.core.models import HistoryEvent
from portico.firms import actions, twofactor
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
Verb = HistoryEvent.Verb
SIGN_IN, CODE = reverse("firms:login"), reverse("firms:sign_in_code")
PAGE, SECURITY = reverse("firms:two_factor"), reverse("firms:security")
CLIENTS = reverse("clients:list")
WRONG_CODE = "This code is not right."


def code_of(key, steps_ahead=1):
    """The code an app shows for `key` (hex) `steps_ahead` periods from now: one ahead is still
    accepted, and is later than any code already used in this period."""
    totp = TOTP(unhexlify(key))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def enrolled(member):
    """`member` with a second factor set up: (device, recovery codes)."""
    key = twofactor.new_key()
    totp = TOTP(unhexlify(key))
    return actions.enrol_two_factor(member=member, key=key, step=totp.t() - 1, drift=0)


def password_step(member, client=None):
    client = client or Client()
    response = client.post(SIGN_IN, {"email": member.user.email, "password": PASSWORD})
    return client, response


def signed_in(client):
    return "_auth_user_id" in client.session


# --- Enrolment --------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_key_and_a_get_writes_nothing(client_for, personas):
    client = client_for(personas.accountant)
    page = client.get(PAGE).content.decode()
    key = client.session[twofactor.SETUP_KEY]
    assert 'aria-label="QR code to scan"><svg width="' in page
    assert twofactor.secret_text(key) in page
    assert not TOTPDevice.objects.exists()
    assert client.get(PAGE).content.decode().count(twofactor.secret_text(key)) == 1  # same key


def test_enrolment_is_confirmed_by_a_first_code_then_shows_ten_recovery_codes_once(
    client_for, personas
):
    member = personas.accountant
    client = client_for(member)
    client.get(PAGE)
    key = client.session[twofactor.SETUP_KEY]

    for typed in ("000000" if code_of(key, 0) != "000000" else "111111", "²²²²²²", "x" * 40, ""):
        wrong = client.post(PAGE, {"code": typed})
        assert wrong.status_code == 400 and WRONG_CODE in wrong.content.decode()
    assert not TOTPDevice.objects.exists()

    response = client.post(PAGE, {"code": code_of(key, 0)})
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=member.user)
    assert device.confirmed and device.key == key
    page = client.get(PAGE).content.decode()
    codes = re.findall(r'<li class="col">([a-z2-7]{8})</li>', page)
    assert len(codes) == 10 == StaticToken.objects.filter(device__user=member.user).count()
    assert not any(code in client.get(PAGE).content.decode() for code in codes)  # only once
    assert HistoryEvent.objects.filter(verb=actions.TWO_FACTOR_ENABLED, actor=member.user).exists()
    # The session that enrolled stays signed in.
    assert client.get(CLIENTS).status_code == 200


def test_enrolment_page_query_count(client_for, personas, django_assert_max_num_queries):
    client = client_for(personas.accountant)
    with django_assert_max_num_queries(6):
        assert client.get(PAGE).status_code == 200
    enrolled(personas.see_all)
    client = client_for(personas.see_all)
    with django_assert_max_num_queries(7):
        assert client.get(PAGE).status_code == 200


# --- Sign-in with a code ----------------------------------------------------------------------


def test_an_enrolled_member_signs_in_with_a_code_after_the_password(personas):
    member = personas.admin
    device, _ = enrolled(member)
    client, response = password_step(member)
    assert response.status_code == 302 and response.url == CODE
    assert not signed_in(client)
    assert client.get(CLIENTS).status_code == 302  # not signed in until the code

    response = client.post(CODE, {"code": code_of(device.key)})
    assert response.status_code == 302 and response.url == CLIENTS
    assert signed_in(client) and client.get(CLIENTS).status_code == 200
    assert HistoryEvent.objects.filter(verb=Verb.SIGNED_IN, actor=member.user).count() == 1


def test_a_wrong_code_is_refused_and_a_code_is_accepted_once(personas):
    member = personas.admin
    device, _ = enrolled(member)
    client, _ = password_step(member)
    for typed in ("12345", "²²²²²²", "ＡＢＣＤ-ＥＦＧＨ", "x" * 40):
        response = client.post(CODE, {"code": typed})
        assert response.status_code == 400
    assert WRONG_CODE in client.post(CODE, {"code": "12345"}).content.decode()
    assert not signed_in(client)
    code = code_of(device.key)
    assert client.post(CODE, {"code": code}).status_code == 302

    again, _ = password_step(member)
    response = again.post(CODE, {"code": code})
    assert response.status_code == 400 and not signed_in(again)


def test_a_recovery_code_works_once(personas):
    member = personas.owner
    _, codes = enrolled(member)
    client, _ = password_step(member)
    response = client.post(CODE, {"code": codes[3].upper()}, follow=True)
    assert signed_in(client)
    assert "9 are left" in response.content.decode()

    again, _ = password_step(member)
    response = again.post(CODE, {"code": codes[3]})
    assert response.status_code == 400 and not signed_in(again)
    assert StaticToken.objects.filter(device__user=member.user).count() == 9


def test_the_code_step_is_throttled_with_the_password(personas):
    member = personas.admin
    device, _ = enrolled(member)
    client, _ = password_step(member)
    for _ in range(10):
        response = client.post(CODE, {"code": "000001"})
    assert response.status_code == 429 and "try again in 15 minutes" in response.content.decode()
    response = client.post(CODE, {"code": code_of(device.key)})
    assert response.status_code == 429 and not signed_in(client)
    assert HistoryEvent.objects.filter(verb=actions.SIGN_IN_LOCKED, actor=member.user).count() == 1


def test_a_pending_sign_in_expires(personas):
    device, _ = enrolled(personas.admin)
    client, _ = password_step(personas.admin)
    session = client.session
    session[twofactor.PENDING]["at"] -= twofactor.PENDING_SECONDS + 1
    session.save()
    response = client.post(CODE, {"code": code_of(device.key)})
    assert response.status_code == 302 and response.url == SIGN_IN
    assert not signed_in(client)
    assert "Your sign-in timed out. Start again." in client.get(SIGN_IN).content.decode()
    assert client.get(CODE).status_code == 302


def test_code_step_query_count(personas, django_assert_max_num_queries):
    device, _ = enrolled(personas.admin)
    client, _ = password_step(personas.admin)
    with django_assert_max_num_queries(4):
        assert client.get(CODE).status_code == 200


def test_a_session_that_skipped_the_code_step_is_signed_out(client_for, personas):
    """A session opened without the code (before enrolling elsewhere, or by the Django admin's
    sign-in) does not stay signed in once the member is enrolled."""
    client = client_for(personas.accountant)
    enrolled(personas.accountant)
    response = client.get(CLIENTS)
    assert response.status_code == 302 and response.url.startswith(SIGN_IN)
    assert not signed_in(client)


# --- Turning it off, new recovery codes -------------------------------------------------------


def test_turning_off_needs_the_password_or_a_code(client_for, personas):
    member = personas.accountant
    device, _ = enrolled(member)
    client = client_for(member)
    disable = reverse("firms:disable_two_factor")
    response = client.post(disable, {"secret": "not-it"})
    assert response.status_code == 400 and TOTPDevice.objects.filter(user=member.user).exists()
    assert client.post(disable, {"secret": PASSWORD}).status_code == 302
    assert not TOTPDevice.objects.filter(user=member.user).exists()
    assert HistoryEvent.objects.filter(verb=actions.TWO_FACTOR_DISABLED).count() == 1
    assert client.get(CLIENTS).status_code == 200
    # Signing in takes the password alone again.
    assert password_step(member)[1].url == CLIENTS


def test_turning_off_with_a_code(client_for, personas):
    device, _ = enrolled(personas.accountant)
    client = client_for(personas.accountant)
    response = client.post(reverse("firms:disable_two_factor"), {"secret": code_of(device.key)})
    assert response.status_code == 302 and not TOTPDevice.objects.exists()


def test_new_recovery_codes_replace_the_old(client_for, personas):
    member = personas.accountant
    device, old = enrolled(member)
    client = client_for(member)
    assert client.post(reverse("firms:renew_recovery_codes")).status_code == 302
    page = client.get(PAGE).content.decode()
    new = re.findall(r'<li class="col">([a-z2-7]{8})</li>', page)
    assert len(new) == 10 and not set(new) & set(old)
    attempt, _ = password_step(member)
    assert attempt.post(CODE, {"code": old[0]}).status_code == 400
    assert attempt.post(CODE, {"code": new[0]}).status_code == 302


# --- The firm's requirement -------------------------------------------------------------------


def test_required_two_factor_sends_members_without_it_to_enrolment_only(personas):
    personas.firm.require_two_factor = True
    personas.firm.save()
    member = personas.accountant
    client, response = password_step(member)
    assert response.url == CLIENTS and signed_in(client)
    assert client.get(CLIENTS).url == PAGE
    account = reverse("clients:info", args=[personas.account.pk])
    assert client.get(account).url == PAGE
    assert client.get(CLIENTS, headers={"hx-request": "true"})["HX-Redirect"] == PAGE
    assert client.get(PAGE).status_code == 200

    key = client.session[twofactor.SETUP_KEY]
    assert client.post(PAGE, {"code": code_of(key, 0)}).status_code == 302
    assert client.get(CLIENTS).status_code == 200
    assert client.post(reverse("firms:logout")).status_code == 302


def test_the_requirement_is_set_by_owners_and_admins(client_for, personas):
    for who in (personas.owner, personas.admin):
        enrolled(who)
        client = client_for(who)
        assert client.get(SECURITY).status_code == 200
        assert client.post(SECURITY, {"require_two_factor": "on"}).status_code == 302
        personas.firm.refresh_from_db()
        assert personas.firm.require_two_factor
        assert client.post(SECURITY, {}).status_code == 302
        personas.firm.refresh_from_db()
        assert not personas.firm.require_two_factor
    assert HistoryEvent.objects.filter(verb=actions.TWO_FACTOR_REQUIRED).count() == 4


def test_only_owners_and_admins_see_or_change_the_requirement(client_for, personas):
    refused = [
        personas.accountant,
        personas.see_all,
        personas.outsider,
        personas.manager,
        personas.client_user,
    ]
    for who in refused:
        client = client_for(who)
        assert client.get(SECURITY).status_code == 404
        assert client.post(SECURITY, {"require_two_factor": "on"}).status_code == 404
    personas.firm.refresh_from_db()
    assert not personas.firm.require_two_factor
    # Another firm's owner changes only their own firm.
    client_for(personas.foreign_owner).post(SECURITY, {"require_two_factor": "on"})
    personas.firm.refresh_from_db()
    assert not personas.firm.require_two_factor
    assert personas.foreign_owner.firm.__class__.objects.get(
        pk=personas.foreign_owner.firm_id
    ).require_two_factor


def test_security_page_lists_the_team_with_their_status(
    client_for, personas, django_assert_max_num_queries
):
    enrolled(personas.accountant)
    client = client_for(personas.owner)
    with django_assert_max_num_queries(6):
        page = client.get(SECURITY).content.decode()
    assert personas.accountant.user.email in page and personas.admin.user.email in page
    assert personas.foreign_owner.user.email not in page
    reset = reverse("firms:reset_two_factor", args=[personas.accountant.pk])
    assert reset in page
    assert reverse("firms:reset_two_factor", args=[personas.admin.pk]) not in page  # none to reset


# --- The owner's reset ------------------------------------------------------------------------


def reset(client, member):
    return client.post(reverse("firms:reset_two_factor", args=[member.pk]))


def test_an_owner_resets_a_members_second_factor(client_for, personas):
    member = personas.accountant
    enrolled(member)
    enrolled(personas.owner)
    personas.firm.require_two_factor = True
    personas.firm.save()
    assert reset(client_for(personas.owner), member).status_code == 302
    assert not TOTPDevice.objects.filter(user=member.user).exists()
    assert not StaticToken.objects.filter(device__user=member.user).exists()
    event = HistoryEvent.objects.get(verb=actions.TWO_FACTOR_RESET)
    assert (event.actor, event.subject) == (personas.owner.user, member.user.email)
    # The member signs in with the password and must enrol again.
    client, response = password_step(member)
    assert response.url == CLIENTS and client.get(CLIENTS).url == PAGE


def test_who_may_reset_whom(client_for, personas):
    for member in (personas.owner, personas.admin, personas.accountant, personas.foreign_owner):
        enrolled(member)
    forbidden = [
        (personas.accountant, personas.admin),
        (personas.manager, personas.accountant),
        (personas.see_all, personas.accountant),
        (personas.admin, personas.owner),  # an admin does not reset an owner
        (personas.owner, personas.owner),  # one's own: on the Two-step verification page
        (personas.foreign_owner, personas.accountant),
        (personas.owner, personas.foreign_owner),
        (personas.client_user, personas.accountant),
    ]
    for who, target in forbidden:
        assert reset(client_for(who), target).status_code == 404, (who, target)
    assert TOTPDevice.objects.count() == 4
    assert reset(client_for(personas.admin), personas.accountant).status_code == 302
    assert TOTPDevice.objects.count() == 3


def test_pages_are_for_staff_only(client_for, personas):
    client = client_for(personas.client_user)
    for url in (PAGE, SECURITY):
        assert client.get(url).status_code == 404
    assert Client().get(PAGE).url.startswith(SIGN_IN)


def test_a_pending_sign_in_state_is_not_a_session_of_the_user(personas):
    enrolled(personas.admin)
    client, _ = password_step(personas.admin)
    for url in (CLIENTS, PAGE, SECURITY, reverse("firms:renew_recovery_codes")):
        response = client.get(url)
        assert response.status_code in (302, 405) and not signed_in(client)

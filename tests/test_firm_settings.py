"""The firm's settings area (F-6, F-2): firm settings, team, invitations, My profile, and
`manage.py createfirm`. Only owners and admins manage the firm; everyone else gets 404."""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from portico.core.models import HistoryEvent
from portico.firms import actions
from portico.firms.models import Firm, Member, Role, StaffInvitation, User, UserSession
from portico.messaging.models import EmailLog
from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

FIRM = reverse("firms:firm_settings")
TEAM = reverse("firms:team")
INVITE = reverse("firms:invite_staff")
PROFILE = reverse("firms:profile")


def refused(personas):
    return [personas.accountant, personas.see_all, personas.outsider, personas.manager]


def png(size=(40, 20)):
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    return SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png")


def firm_data(**changes):
    return {
        "name": "Asesoría Peña SL",
        "time_zone": "Europe/Madrid",
        "currency": "EUR",
        "language": "es",
        "tax_id": "B12345674",
        "street": "Calle Mayor 1",
        "postal_code": "28013",
        "city": "Madrid",
        "region": "Madrid",
        "country": "ES",
        **changes,
    }


# --- Who may see the settings -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        FIRM,
        TEAM,
        reverse("client_settings:tags"),
        reverse("client_settings:fields"),
    ],
)
def test_settings_pages_are_for_owners_and_admins_only(client_for, personas, url):
    for member in (personas.owner, personas.admin):
        assert client_for(member).get(url).status_code == 200
    for member in refused(personas):
        assert client_for(member).get(url).status_code == 404
    assert client_for(personas.client_user).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to sign-in


def test_the_sidebar_shows_settings_to_managers_only(client_for, personas):
    clients = reverse("clients:list")
    assert 'data-testid="settings-link"' in client_for(personas.admin).get(clients).text
    assert 'data-testid="settings-link"' not in client_for(personas.accountant).get(clients).text


def test_writes_of_the_settings_refuse_accountants(client_for, personas):
    client = client_for(personas.manager)
    target = personas.accountant
    posts = [
        (FIRM, firm_data()),
        (INVITE, {"email": "x@example.es", "role": "accountant", "language": "es"}),
        (reverse("firms:change_member", args=[target.pk]), {f"m{target.pk}-role": "admin"}),
        (reverse("firms:deactivate_member", args=[target.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404
    target.refresh_from_db()
    assert target.role == Role.ACCOUNTANT and target.is_active
    assert not StaffInvitation.objects.exists()
    assert Firm.objects.get(pk=personas.firm.pk).name == "Asesoría Peña"


# --- Firm settings ----------------------------------------------------------------------------


def test_an_owner_saves_the_firm_settings_with_a_logo(client_for, personas):
    client = client_for(personas.owner)
    response = client.post(FIRM, {**firm_data(tax_id="esb-1234567 4"), "logo": png()})
    assert response.status_code == 302
    firm = Firm.objects.get(pk=personas.firm.pk)
    assert (firm.name, firm.time_zone, firm.tax_id) == (
        "Asesoría Peña SL",
        "Europe/Madrid",
        "ESB12345674",
    )
    assert firm.logo.name.endswith(".webp")
    logo = client.get(reverse("firms:firm_logo"))
    assert logo.status_code == 200 and logo["Content-Type"] == "image/webp"
    event = HistoryEvent.objects.get(verb=actions.FIRM_SETTINGS_CHANGED)
    assert event.after["tax_id"] == "ESB12345674" and event.before["name"] == "Asesoría Peña"


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"tax_id": "12345678A"}, "tax_id", "not a valid tax id"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice"),
        ({"currency": "XYZ1"}, "currency", "Select a valid choice"),
        ({"name": ""}, "name", "required"),
        ({"logo": SimpleUploadedFile("a.png", b"not an image")}, "logo", "not a JPEG, PNG"),
    ],
)
def test_bad_firm_settings_are_refused_and_nothing_is_written(
    client_for, personas, changes, field, message
):
    response = client_for(personas.owner).post(FIRM, firm_data(**changes))
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert Firm.objects.get(pk=personas.firm.pk).name == "Asesoría Peña"
    assert not HistoryEvent.objects.filter(verb=actions.FIRM_SETTINGS_CHANGED).exists()


def test_settings_pages_in_spanish(client_for, personas):
    page = client_for(personas.owner, language="es").get(FIRM).text
    assert "Ajustes" in page and "Zona horaria" in page


@pytest.mark.parametrize(
    ("language", "madrid", "first"),
    [
        ("es", "España (Madrid)", "Afganistán (Kabul)"),
        ("fr", "Espagne (Madrid)", "Afghanistan (Kaboul)"),
    ],
)
def test_time_zones_are_named_in_the_members_language(
    client_for, personas, language, madrid, first
):
    client = client_for(personas.owner, language=language)
    choices = client.get(FIRM).context["form"].fields["time_zone"].choices
    names = dict(choices)
    assert names["Europe/Madrid"] == madrid
    assert choices[0] == ("Asia/Kabul", first)  # by name in that language, not by id
    assert "Europe/Kiev" not in names  # an alias of Europe/Kyiv, listed once
    response = client.post(FIRM, firm_data(time_zone="Europe/Madrid", language=language))
    assert response.status_code == 302
    assert Firm.objects.get(pk=personas.firm.pk).time_zone == "Europe/Madrid"
    html = client.get(FIRM).content.decode()
    assert f'<option value="Europe/Madrid" selected>{madrid}</option>' in html


def test_a_firm_zone_that_is_an_alias_stays_choosable(client_for, personas):
    Firm.objects.filter(pk=personas.firm.pk).update(time_zone="Europe/Kiev")
    client = client_for(personas.owner, language="fr")
    names = dict(client.get(FIRM).context["form"].fields["time_zone"].choices)
    assert names["Europe/Kiev"] == names["Europe/Kyiv"] == "Ukraine (Kyiv)"
    assert client.post(FIRM, firm_data(time_zone="Europe/Kiev")).status_code == 302


def test_settings_pages_query_counts(client_for, personas, django_assert_max_num_queries):
    client = client_for(personas.owner)
    for url, most in ((FIRM, 6), (TEAM, 8)):
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200


# --- Team and invitations ---------------------------------------------------------------------


def invite(client, email="nuria@example.es", role="accountant", **extra):
    data = {"email": email, "full_name": "Nuria Sáez", "role": role, "language": "es", **extra}
    return client.post(INVITE, data)


def link_of(log):
    return re.search(r"https?://\S+/join/\S+/", log.body_text).group(0)


def test_an_invited_accountant_joins_with_her_rights(client_for, personas):
    assert invite(client_for(personas.admin), can_see_all_accounts="on").status_code == 302
    log = EmailLog.objects.get(template="staff_invitation")
    assert log.to == "nuria@example.es" and log.language == "es"
    assert "Asesoría Peña" in log.subject
    path = link_of(log).split("://", 1)[1].split("/", 1)[1]
    browser = Client()
    assert "Nuria Sáez" in browser.get("/" + path).text
    response = browser.post(
        "/" + path,
        {
            "full_name": "Nuria Sáez",
            "new_password1": "otra-Clave-larga-9",
            "new_password2": "otra-Clave-larga-9",
        },
    )
    assert response.status_code == 302
    member = Member.objects.get(user__email="nuria@example.es")
    assert member.firm == personas.firm and member.role == Role.ACCOUNTANT
    assert member.can_see_all_accounts and not member.can_manage_billing
    assert member.language == "es"
    assert browser.get(reverse("clients:list")).status_code == 200  # signed in
    assert UserSession.objects.filter(user=member.user).count() == 1
    # The link works once.
    again = Client().get("/" + path)
    assert again.status_code == 410 and "no longer works" in again.text
    verbs = set(HistoryEvent.objects.values_list("verb", flat=True))
    assert {actions.STAFF_INVITED, actions.STAFF_JOINED} <= verbs


def test_invitation_links_refuse_forged_expired_and_replaced_tokens(client_for, personas):
    client = client_for(personas.owner)
    invite(client)
    first = StaffInvitation.objects.get()
    token = actions.invitation_token(first)
    invite(client)  # a second invitation replaces the first
    assert Client().get(reverse("firms:join", args=[token])).status_code == 410
    second = StaffInvitation.objects.get(status="pending")
    second.expires_at = timezone.now() - timedelta(minutes=1)
    second.save()
    assert (
        Client().get(reverse("firms:join", args=[actions.invitation_token(second)])).status_code
        == 410
    )
    assert Client().get(reverse("firms:join", args=["forged"])).status_code == 410
    assert not User.objects.filter(email="nuria@example.es").exists()


def test_inviting_someone_who_already_signs_in_is_refused(client_for, personas):
    response = invite(client_for(personas.owner), email=personas.accountant.user.email)
    assert response.status_code == 400
    assert "already signs in" in response.context["invite_form"].errors["email"][0]
    assert not StaffInvitation.objects.exists()


def test_only_owners_invite_owners(client_for, personas):
    response = invite(client_for(personas.admin), role="owner")
    assert response.status_code == 400 and not StaffInvitation.objects.exists()
    assert invite(client_for(personas.owner), role="owner").status_code == 302


def test_a_bad_invitation_gets_messages(client_for, personas):
    response = invite(client_for(personas.owner), email="not-an-email", role="king")
    assert response.status_code == 400
    errors = response.context["invite_form"].errors
    assert "email" in errors and "role" in errors
    assert not StaffInvitation.objects.exists() and not EmailLog.objects.exists()


def test_cancelling_an_invitation_kills_its_link(client_for, personas):
    client = client_for(personas.owner)
    invite(client)
    invitation = StaffInvitation.objects.get()
    url = reverse("firms:cancel_staff_invitation", args=[invitation.pk])
    assert client_for(personas.foreign_owner).post(url).status_code == 404
    assert client.post(url).status_code == 302
    assert (
        Client().get(reverse("firms:join", args=[actions.invitation_token(invitation)])).status_code
        == 410
    )


def test_changing_role_and_rights(client_for, personas):
    target = personas.outsider
    url = reverse("firms:change_member", args=[target.pk])
    data = {f"m{target.pk}-role": "accountant", f"m{target.pk}-can_manage_billing": "on"}
    assert client_for(personas.admin).post(url, data).status_code == 302
    target.refresh_from_db()
    assert target.can_manage_billing and not target.can_see_all_accounts
    event = HistoryEvent.objects.get(verb=HistoryEvent.Verb.MEMBER_CHANGED)
    assert event.after == {"can_manage_billing": True}
    # Another firm's member is out of reach.
    foreign = reverse("firms:change_member", args=[personas.foreign_owner.pk])
    assert client_for(personas.owner).post(foreign, {}).status_code == 404


def test_the_last_owner_cannot_be_demoted_or_deactivated(client_for, personas):
    owner = personas.owner
    second = MemberFactory(firm=personas.firm, role=Role.OWNER)
    client = client_for(second)
    # With two owners, one may be demoted…
    url = reverse("firms:change_member", args=[owner.pk])
    assert client.post(url, {f"m{owner.pk}-role": "admin"}).status_code == 302
    owner.refresh_from_db()
    assert owner.role == Role.ADMIN
    # …but the last one may not, by an admin nor by themselves through another owner.
    with pytest.raises(actions.StaffRefused):
        actions.change_member(
            member=second,
            target=second,
            role="admin",
            can_see_all_accounts=False,
            can_manage_accounts=False,
            can_manage_billing=False,
        )
    response = client_for(personas.admin).post(
        reverse("firms:deactivate_member", args=[second.pk]), follow=True
    )
    assert "Only an owner" in response.text
    second.refresh_from_db()
    assert second.is_active and second.role == Role.OWNER


def test_deactivation_signs_out_and_stops_email(client_for, personas, client):
    target = personas.accountant
    browser = Client()
    browser.post(reverse("firms:login"), {"email": target.user.email, "password": PASSWORD})
    assert browser.get(reverse("clients:list")).status_code == 200
    assert UserSession.objects.filter(user=target.user).count() == 1
    url = reverse("firms:deactivate_member", args=[target.pk])
    assert client_for(personas.owner).post(url).status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    assert browser.get(reverse("clients:list")).status_code == 302  # signed out
    assert not UserSession.objects.filter(user=target.user).exists()
    from portico.messaging import emails

    log = emails.send(
        to=target.user.email,
        template="password_reset",
        language="es",
        context={"protocol": "http", "domain": "x", "uid": "u", "token": "t", "user": target.user},
    )
    assert log.status == EmailLog.Status.WITHHELD
    assert HistoryEvent.objects.filter(
        verb=actions.STAFF_DEACTIVATED, subject=target.user.email
    ).exists()
    # Twice: told, not a 500.
    response = client_for(personas.owner).post(url, follow=True)
    assert "already deactivated" in response.text


def test_nobody_deactivates_themselves(client_for, personas):
    url = reverse("firms:deactivate_member", args=[personas.admin.pk])
    response = client_for(personas.admin).post(url, follow=True)
    assert "cannot deactivate yourself" in response.text
    personas.admin.refresh_from_db()
    assert personas.admin.is_active


def test_an_admin_reactivates_a_deactivated_member(client_for, personas):
    target = personas.accountant
    actions.deactivate_member(member=personas.owner, target=target)
    url = reverse("firms:reactivate_member", args=[target.pk])
    page = client_for(personas.admin).get(TEAM).text
    assert url in page and reverse("firms:reactivate_member", args=[personas.owner.pk]) not in page
    response = client_for(personas.admin).post(url, follow=True)
    assert "active again" in response.text
    target.refresh_from_db()
    assert target.is_active and target.role == Role.ACCOUNTANT
    event = HistoryEvent.objects.get(verb=actions.STAFF_REACTIVATED)
    assert (event.subject, event.before, event.after) == (
        target.user.email,
        {"is_active": False},
        {"is_active": True},
    )
    # They sign in again, and email reaches them again.
    browser = Client()
    browser.post(reverse("firms:login"), {"email": target.user.email, "password": PASSWORD})
    assert browser.get(reverse("clients:list")).status_code == 200
    from portico.messaging import emails

    log = emails.send(
        to=target.user.email,
        template="password_reset",
        language="es",
        context={"protocol": "http", "domain": "x", "uid": "u", "token": "t", "user": target.user},
    )
    assert log.status != EmailLog.Status.WITHHELD
    # Twice: told, not a 500.
    response = client_for(personas.admin).post(url, follow=True)
    assert "already active" in response.text
    assert HistoryEvent.objects.filter(verb=actions.STAFF_REACTIVATED).count() == 1


def test_reactivation_is_for_owners_and_admins_and_owners_for_owners(client_for, personas):
    target = personas.see_all
    actions.deactivate_member(member=personas.owner, target=target)
    url = reverse("firms:reactivate_member", args=[target.pk])
    for member in refused(personas):
        if member != target:
            assert client_for(member).post(url).status_code == 404
    assert client_for(personas.client_user).post(url).status_code == 404
    assert client_for(personas.foreign_owner).post(url).status_code == 404
    target.refresh_from_db()
    assert not target.is_active
    # An admin may not bring back an owner.
    second = MemberFactory(firm=personas.firm, role=Role.OWNER)
    actions.deactivate_member(member=personas.owner, target=second)
    owner_url = reverse("firms:reactivate_member", args=[second.pk])
    response = client_for(personas.admin).post(owner_url, follow=True)
    assert "Only an owner" in response.text
    second.refresh_from_db()
    assert not second.is_active
    assert client_for(personas.owner).post(owner_url).status_code == 302
    second.refresh_from_db()
    assert second.is_active


# --- Sign-ins in History ----------------------------------------------------------------------


def test_sign_ins_and_failures_are_recorded_with_address_and_browser(personas):
    email = personas.accountant.user.email
    browser = Client(headers={"user-agent": "Firefox/140"})
    browser.post(reverse("firms:login"), {"email": email, "password": "wrong"})
    browser.post(reverse("firms:login"), {"email": email, "password": PASSWORD})
    failed = HistoryEvent.objects.get(verb=actions.SIGN_IN_FAILED)
    assert failed.after == {"ip_address": "127.0.0.1", "browser": "Firefox/140"}
    signed = HistoryEvent.objects.get(verb=HistoryEvent.Verb.SIGNED_IN)
    assert signed.after["browser"] == "Firefox/140" and signed.firm == personas.firm


# --- My profile -------------------------------------------------------------------------------


def test_my_profile_changes_name_email_and_language(client_for, personas):
    client = client_for(personas.accountant)
    assert client.get(PROFILE).status_code == 200
    data = {"full_name": "Ana M. Martín", "email": "Ana.Nueva@example.es", "language": "fr"}
    assert client.post(PROFILE, data).status_code == 302
    user = User.objects.get(pk=personas.accountant.user.pk)
    assert (user.full_name, user.email) == ("Ana M. Martín", "ana.nueva@example.es")
    assert Member.objects.get(pk=personas.accountant.pk).language == "fr"
    taken = {**data, "email": personas.owner.user.email}
    response = client.post(PROFILE, taken)
    assert response.status_code == 400 and "se connecte déjà" in response.text  # now in French
    assert client_for(personas.client_user).get(PROFILE).status_code == 404


def test_profile_saved_message_speaks_the_language_just_chosen(client_for, personas):
    personas.accountant.language = "es"
    personas.accountant.save()
    client = client_for(personas.accountant, language="es")
    data = {"full_name": "Ana Martín", "email": personas.accountant.user.email, "language": "fr"}
    page = client.post(PROFILE, data, follow=True).text
    assert "Votre profil est enregistré." in page.replace("\u202f", " ")
    assert "Se ha guardado tu perfil." not in page


def test_password_change_and_sign_out_everywhere(personas):
    email = personas.owner.user.email
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.post(reverse("firms:login"), {"email": email, "password": PASSWORD})
    assert UserSession.objects.filter(user=personas.owner.user).count() == 2
    page = browsers[0].get(PROFILE).text
    assert "This browser" in page
    response = browsers[0].post(reverse("firms:sign_out_everywhere"))
    assert response.status_code == 302
    assert browsers[0].get(PROFILE).status_code == 200
    assert browsers[1].get(PROFILE).status_code == 302
    assert Session.objects.count() == 1
    new = "nueva-Clave-segura-7"
    bad = browsers[0].post(
        reverse("firms:change_password"),
        {"old_password": "wrong", "new_password1": new, "new_password2": new},
    )
    assert bad.status_code == 400
    good = browsers[0].post(
        reverse("firms:change_password"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert good.status_code == 302 and browsers[0].get(PROFILE).status_code == 200
    assert User.objects.get(pk=personas.owner.user.pk).check_password(new)


def test_profile_query_count(client_for, personas, django_assert_max_num_queries):
    client = client_for(personas.see_all)
    with django_assert_max_num_queries(5):
        assert client.get(PROFILE).status_code == 200


# --- createfirm -------------------------------------------------------------------------------


def test_createfirm_prints_the_owners_activation_link(db):
    out = io.StringIO()
    call_command(
        "createfirm",
        "Cabinet Lœwen",
        "Owner@Example.fr",
        "--language",
        "fr",
        "--time-zone",
        "Europe/Paris",
        stdout=out,
    )
    link = re.search(r"https?://\S+/join/\S+/", out.getvalue()).group(0)
    firm = Firm.objects.get(name="Cabinet Lœwen")
    assert (firm.language, firm.time_zone) == ("fr", "Europe/Paris")
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    browser = Client()
    data = {
        "full_name": "Léa Lœwen",
        "new_password1": "une-Clef-longue-3",
        "new_password2": "une-Clef-longue-3",
    }
    assert browser.post(path, data).status_code == 302
    owner = Member.objects.get(user__email="owner@example.fr")
    assert owner.role == Role.OWNER and owner.firm == firm
    assert browser.get(FIRM).status_code == 200
    assert not EmailLog.objects.exists()


def test_createfirm_refuses_bad_input(personas):
    from django.core.management.base import CommandError

    for args in (
        ["X", "not-an-email"],
        ["X", "a@b.es", "--time-zone", "Nowhere"],
        ["X", personas.owner.user.email],
    ):
        with pytest.raises(CommandError):
            call_command("createfirm", *args, stdout=io.StringIO())
    assert Firm.objects.count() == 2

"""The firm's side of portal access: bulk Edit login, notify, email sync (A-4), never connected
(C-5), Pending activation (C-10), per-email actions (P-7), portal settings (A-8) and the test
client (A-11)."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portico.clients.models import EmailSwitches
from portico.core.models import HistoryEvent
from portico.messaging.models import EmailLog
from portico.portal import actions, queries
from portico.portal.models import Invitation, PortalSettings
from tests.factories import (
    AccountFactory,
    ContactEmailFactory,
    EmailLogFactory,
    InvitationFactory,
    MemberFactory,
    PortalActivityFactory,
    PortalIdentityFactory,
)
from tests.portal_setup import activation_token, contact_on

pytestmark = pytest.mark.django_db
Verb = HistoryEvent.Verb
LIST = reverse("clients:list")
BULK = reverse("clients:bulk")
PENDING = reverse("access:pending_action")
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def access_bulk(**fields):
    return {"action": "edit_access", **fields}


# --- Bulk and never connected (C-5) -----------------------------------------------------


def test_never_connected_filter_last_login_column_and_sort(client_for, personas):
    PortalActivityFactory(account=personas.other_account)
    client = client_for(personas.owner, "es")
    response = client.get(LIST, {"login": "never"})
    assert [a.name for a in response.context["page"]] == [personas.account.name]
    assert "Sin conexión" in response.content.decode()
    response = client.get(LIST, {"sort": "-login"})
    names = [a.name for a in response.context["page"]]
    assert names == [personas.other_account.name, personas.account.name]
    assert response.context["page"][0].last_login is not None


def test_bulk_enables_access_for_every_contact_and_queues_one_invitation_each(
    client_for, personas, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_TASKS  # nothing runs the worker here: the request must send nothing
    first, _ = contact_on(personas.firm, personas.account, login=False)
    second, _ = contact_on(
        personas.firm, personas.account, personas.other_account, address="b@x.es", login=False
    )
    extra = ContactEmailFactory(contact=second.contact, email="b2@x.es", is_primary=False)
    active = PortalIdentityFactory(email=extra).email  # already activated: no invitation
    client = client_for(personas.manager)
    data = access_bulk(
        login="on", notify="on", invite="on", message="Hola", all_matching="1", confirmed="1"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(BULK, {**data, "query": "tab=all&login=never"})
    assert response.status_code == 302 and "/clients/invitations/" in response.url
    # the manager edits only the account they see
    rows = EmailSwitches.objects.filter(link__account=personas.account)
    assert rows.count() == 3 and all(r.login and r.notify for r in rows)
    assert not EmailSwitches.objects.get(link__account=personas.other_account, email=second).login
    invitations = Invitation.objects.all()
    assert sorted(i.email.email for i in invitations) == ["b@x.es", "rocio@ferreteria.es"]
    assert {i.status for i in invitations} == {"queued"} and active.pk not in [
        i.email_id for i in invitations
    ]
    assert not EmailLog.objects.exists()
    progress = client.get(response.url)
    assert "0 of 2 invitations sent" in progress.content.decode()
    assert HistoryEvent.objects.filter(verb=Verb.SWITCHES_CHANGED).count() == 3
    del first


def test_bulk_form_errors_change_nothing(client_for, personas):
    contact_on(personas.firm, personas.account, login=False)
    client = client_for(personas.owner, "es")
    response = client.post(BULK, access_bulk(ids=[personas.account.pk]))
    page = client.get(response.url).content.decode()
    assert "Elige un interruptor que cambiar o marca Enviar invitaciones." in page
    response = client.post(BULK, access_bulk(login="on"))
    assert "Selecciona al menos un cliente." in client.get(response.url).content.decode()
    assert not EmailSwitches.objects.filter(login=True).exists()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("who", ["accountant", "see_all", "outsider", "foreign_owner"])
def test_bulk_access_is_refused_without_manage_accounts_here(client_for, personas, who):
    contact_on(personas.firm, personas.account, login=False)
    client = client_for(getattr(personas, who))
    data = access_bulk(login="on", invite="on", ids=[personas.account.pk])
    status = client.post(BULK, data).status_code
    assert status == (302 if who == "foreign_owner" else 404)  # another firm's ids are ignored
    assert not EmailSwitches.objects.filter(login=True).exists()
    assert not Invitation.objects.exists()


def test_staff_addresses_are_left_out_of_bulk_invitations(client_for, personas):
    email, _ = contact_on(personas.firm, personas.account, login=False)
    MemberFactory(firm=personas.firm, user__email=email.email)
    client = client_for(personas.owner)
    response = client.post(BULK, access_bulk(login="on", invite="on", ids=[personas.account.pk]))
    assert "belongs to your staff" in client.get(response.url).content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("others", [3, 300])  # a few addresses, or a bulk action's many
def test_staff_addresses_are_found_among_few_or_many(personas, others):
    staff = MemberFactory(firm=personas.firm, user__email="asesora@example.es").user.email
    outside = MemberFactory(user__email="otra@example.fr").user.email  # another firm's staff
    addresses = [f"cliente{n}@example.es" for n in range(others)] + [staff, outside]
    assert queries.staff_addresses(iter(addresses)) == {staff, outside}


# --- Status (C-7) -----------------------------------------------------------------------------


def test_a_pending_activation_counts_as_active(client_for, personas):
    contact_on(personas.firm, personas.account)  # Login on, never activated
    response = client_for(personas.owner).get(LIST)
    status = {a.name: a.active for a in response.context["page"]}
    assert status == {personas.account.name: True, personas.other_account.name: False}


# --- Pending activation (C-10) ----------------------------------------------------------------


def pending(personas):
    """Three pending emails: never sent, sent yesterday, sent last week to a bad address."""
    never, _ = contact_on(personas.firm, personas.account, address="nunca@example.es")
    recent, _ = contact_on(personas.firm, personas.other_account, address="ayer@example.es")
    bad, _ = contact_on(personas.firm, personas.other_account, address="mal@@example")
    now = timezone.now()
    for email, days in ((recent, 1), (bad, 7)):
        InvitationFactory(
            account=personas.other_account,
            email=email,
            status="sent",
            sent_at=now - timedelta(days=days),
            expires_at=now + timedelta(days=7),
            invited_by=personas.admin.user,
        )
    done, _ = contact_on(personas.firm, personas.account, address="hecho@example.es")
    PortalIdentityFactory(email=done)
    return never, recent, bad


def test_the_pending_tab_lists_pending_emails_never_sent_first(client_for, personas):
    never, recent, bad = pending(personas)
    client = client_for(personas.owner, "es")
    response = client.get(LIST, {"tab": "pending"})
    assert response.context["counts"]["pending"] == 3
    rows = list(response.context["pending_page"])
    assert [r.email for r in rows] == [never.email, bad.email, recent.email]
    assert [r.invalid for r in rows] == [False, True, False]
    assert rows[1].invited_by == str(personas.admin.user)
    html = response.content.decode()
    for label in ("Activación pendiente", "Invitación enviada", "Invitado por", "Cuenta(s)"):
        assert label in html
    assert html.count('data-testid="invalid-mark"') == 1
    rows = list(client.get(LIST, {"tab": "pending", "sort": "-sent"}).context["pending_page"])
    assert [r.email for r in rows] == [never.email, recent.email, bad.email]


@pytest.mark.parametrize(("language", "sent"), [("es", "Enviada"), ("fr", "Envoyée")])
def test_the_pending_tabs_delivery_badges_agree_with_invitation(
    client_for, personas, language, sent
):
    """The Delivery column speaks of the invitation (invitación, invitation: feminine), as its
    "No enviada" / "Non envoyée" does, not of an email ("Enviado")."""
    _, recent, _ = pending(personas)
    invitation = Invitation.objects.get(email=recent)
    invitation.email_log = EmailLogFactory(firm=personas.firm, status="sent")
    invitation.save()
    html = client_for(personas.owner, language).get(LIST, {"tab": "pending"}).content.decode()
    delivery = [cell.split("</td>")[0] for cell in html.split('data-testid="delivery">')[1:]]
    badges = " ".join(delivery)
    assert sent in badges and {"es": "No enviada", "fr": "Non envoyée"}[language] in badges
    assert "Enviado<" not in badges and "Envoyé<" not in badges


def test_the_pending_tab_pages_through_every_email_in_order_from_either_end(client_for, personas):
    """Pages are read from the index of the sort keys, from the end past the middle; for a
    member who manages only their team's accounts, through what they may see."""
    now, keys = timezone.now(), []
    for n in range(130):
        account = personas.account if n % 3 else personas.other_account
        email, _ = contact_on(personas.firm, account, address=f"p{n * 37 % 130:03}@example.es")
        sent_at = now - timedelta(hours=n % 7) if n % 2 else None
        if sent_at:
            InvitationFactory(account=account, email=email, status="sent", sent_at=sent_at)
        keys.append((email.email, sent_at))
    for who in (personas.owner, personas.manager):
        seen = set(queries.pending_emails(who).values_list("email", flat=True))
        assert len(seen) > 50
        for sort in ("sent", "-sent"):
            unsent = sorted(address for address, sent_at in keys if address in seen and not sent_at)
            sent = sorted((k for k in keys if k[0] in seen and k[1]), key=lambda k: k[0])
            sent.sort(key=lambda k: k[1], reverse=sort == "-sent")
            listed, number, more = [], 1, True
            while more:
                params = {"tab": "pending", "sort": sort, "page": number}
                page = client_for(who).get(LIST, params).context["pending_page"]
                listed += [row.email for row in page]
                number, more = number + 1, page.has_next()
            assert number > 2 and listed == unsent + [address for address, _ in sent], (who, sort)


@pytest.mark.parametrize("who", ["accountant", "see_all", "outsider"])
def test_the_pending_tab_is_only_for_those_who_manage_accounts(client_for, personas, who):
    pending(personas)
    client = client_for(getattr(personas, who))
    assert "pending" not in client.get(LIST, {"tab": "pending"}).context["tabs"]
    assert client.post(PENDING, {"action": "cancel", "emails": [1, 2, 3]}).status_code == 404
    assert Invitation.objects.filter(status="sent").count() == 2


def test_resend_gives_new_links_and_cancel_kills_them(
    client_for, personas, django_capture_on_commit_callbacks
):
    never, recent, bad = pending(personas)
    old = Invitation.objects.get(email=recent)
    client = client_for(personas.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PENDING, {"action": "resend", "emails": [recent.pk]})
        assert response.status_code == 302 and "/clients/invitations/" in response.url
        response = client.post(PENDING, {"action": "send", "emails": [never.pk]})
    assert response.status_code == 302 and "/clients/invitations/" in response.url
    old.refresh_from_db()
    assert old.status == "replaced"
    live = Invitation.objects.filter(status="sent")
    assert sorted(i.email.email for i in live) == sorted([never.email, recent.email, bad.email])
    assert EmailLog.objects.filter(template="portal_invitation").count() == 2
    token = activation_token(never.email)
    data = {"action": "cancel", "emails": [never.pk, bad.pk], "confirmed": "1"}
    response = client.post(PENDING, data)
    assert response.status_code == 302
    assert Invitation.objects.filter(status="cancelled").count() == 2
    assert client.get(reverse("portal:activate", args=[token])).status_code == 410
    assert HistoryEvent.objects.filter(verb=Verb.INVITATION_CANCELLED).count() == 2
    assert HistoryEvent.objects.filter(verb=Verb.INVITATION_REPLACED).count() == 1


def test_send_is_for_emails_never_invited_and_resend_for_those_invited(
    client_for, personas, django_capture_on_commit_callbacks
):
    """Issue 14, item 11: "Reenviar" was offered for invitations never sent."""
    never, recent, bad = pending(personas)
    client = client_for(personas.owner, "es")
    html = client.get(LIST, {"tab": "pending"}).content.decode()
    assert "Enviar invitaciones a seleccionados" in html and "Reenviar a seleccionados" in html
    assert 'data-select-all="emails"' in html  # the select-all box (static/js/select_all.js)
    response = client.post(PENDING, {"action": "send", "emails": [recent.pk]}, follow=True)
    assert "1 dirección seleccionada ya tiene una invitación: usa Reenviar." in (
        response.content.decode()
    )
    assert Invitation.objects.filter(email=recent).count() == 1  # not sent again
    # a page of emails all invited offers only Resend; all never invited, only Send
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PENDING, {"action": "send", "emails": [never.pk]})
    html = client.get(LIST, {"tab": "pending"}).content.decode()
    assert "Enviar invitaciones a seleccionados" not in html
    assert "Reenviar a seleccionados" in html


@pytest.mark.parametrize(
    ("language", "progress"),
    [("es", "2 de 2 invitaciones enviadas"), ("fr", "2 sur 2 invitations envoyées")],
)
def test_resend_to_selected_also_sends_a_first_invitation_to_those_never_sent_one(
    client_for, personas, django_capture_on_commit_callbacks, language, progress
):
    """Seed 002: sort by "Invitación enviada", select the rows where it is empty, then
    "Reenviar a seleccionados". A never-sent row selected with Resend once got only a warning
    that was easy to miss; now it is sent, and the progress page says so."""
    never, recent, bad = pending(personas)
    old = Invitation.objects.get(email=recent)
    client = client_for(personas.owner, language)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PENDING, {"action": "resend", "emails": [never.pk, recent.pk]})
    assert response.status_code == 302 and response.url.startswith("/clients/invitations/")
    assert progress in client.get(response.url).content.decode()
    assert Invitation.objects.get(email=never).status == "sent"
    old.refresh_from_db()
    assert old.status == "replaced"
    assert Invitation.objects.filter(email=recent, status="sent").exists()
    assert EmailLog.objects.filter(template="portal_invitation").count() == 2


@pytest.mark.parametrize(
    ("language", "one"),
    [("es", "Se envía en segundo plano"), ("fr", "Elle part en arrière-plan")],
)
def test_the_progress_of_one_invitation_speaks_of_it_in_the_singular(
    client_for, personas, language, one
):
    never, _, _ = pending(personas)
    client = client_for(personas.owner, language)
    response = client.post(PENDING, {"action": "send", "emails": [never.pk]})
    html = client.get(response.url).content.decode()
    assert one in html and {"es": "Se envían", "fr": "Elles partent"}[language] not in html


def test_resend_of_an_address_no_longer_pending_says_so(client_for, personas):
    never, recent, bad = pending(personas)
    PortalIdentityFactory(email=never)  # activated since the tab was shown
    response = client_for(personas.owner, "fr").post(
        PENDING, {"action": "resend", "emails": [never.pk]}, follow=True
    )
    assert "Aucune des adresses sélectionnées n’attend plus d’activation." in (
        response.content.decode()
    )
    assert not Invitation.objects.filter(email=never).exists()


def test_another_firms_emails_are_ignored_by_the_pending_actions(client_for, personas):
    foreign, _ = contact_on(personas.foreign_account.firm, personas.foreign_account)
    InvitationFactory(account=personas.foreign_account, email=foreign, status="sent")
    client_for(personas.owner).post(PENDING, {"action": "cancel", "emails": [foreign.pk]})
    assert Invitation.objects.get().status == "sent"


def test_the_clients_page_query_count_stays_small_on_every_tab(client_for, personas):
    def count(params):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST, params).status_code == 200
        return len(captured)

    client = client_for(personas.owner)
    pending(personas)
    params = [{}, {"login": "never", "sort": "-login"}, {"tab": "pending"}]
    few = [count(p) for p in params]
    for i in range(30):
        account = AccountFactory(firm=personas.firm)
        contact_on(personas.firm, account, address=f"c{i}@example.es")
        PortalActivityFactory(account=account)
    assert [count(p) for p in params] == few
    assert max(few) <= 10, few


# --- Per-email actions on the profile (A-5, P-7) ----------------------------------------------


def email_url(name, personas, link, email):
    return reverse(f"access:{name}", args=[personas.account.pk, link.pk, email.pk])


def test_turning_login_on_offers_the_invitation_pop_up(client_for, personas):
    email, (link,) = contact_on(personas.firm, personas.account, login=False)
    client = client_for(personas.owner, "es")
    target = reverse("clients:switches", args=[personas.account.pk, link.pk, email.pk])
    response = client.post(
        target, {"switch": "login", "value": "on"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "data-auto-open" in html and "Mensaje personalizado" in html and "Enviar" in html
    response = client.post(
        target, {"switch": "notify", "value": "on"}, headers={"HX-Request": "true"}
    )
    assert "data-auto-open" not in response.content.decode()


def test_send_invitation_with_a_message_in_the_contacts_language(
    client_for, personas, django_capture_on_commit_callbacks
):
    email, (link,) = contact_on(personas.firm, personas.account, language="fr")
    client = client_for(personas.manager, "es")
    assert client.get(email_url("invite", personas, link, email)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            email_url("invite", personas, link, email), {"message": "Bienvenue chez nous"}
        )
    assert response.status_code == 302
    log = EmailLog.objects.get(template="portal_invitation")
    assert log.subject == "Asesoría Peña vous invite à son portail client"
    assert "Bienvenue chez nous" in log.body_text and "/portal/activate/" in log.body_text
    assert log.account == personas.account
    info = client.get(reverse("clients:info", args=[personas.account.pk])).content.decode()
    sent_at = Invitation.objects.get().sent_at
    sent_on = timezone.localtime(sent_at, ZoneInfo(personas.firm.time_zone))
    assert "Activación pendiente" in info and f"invitación enviada el {sent_on:%d/%m/%Y}" in info


def test_inviting_without_login_or_an_active_email_is_refused(client_for, personas):
    email, (link,) = contact_on(personas.firm, personas.account, login=False)
    client = client_for(personas.owner)
    response = client.post(email_url("invite", personas, link, email), {"message": ""})
    assert "Turn Login on for" in client.get(response.url).content.decode()
    EmailSwitches.objects.update(login=True)
    PortalIdentityFactory(email=email)
    response = client.post(email_url("invite", personas, link, email), {"message": ""})
    assert "already activated" in client.get(response.url).content.decode()
    assert not Invitation.objects.exists()


def test_notification_preferences_and_signing_authority(client_for, personas):
    email, (link,) = contact_on(personas.firm, personas.account)
    client = client_for(personas.admin)
    url = email_url("notifications", personas, link, email)
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 302
    assert email.notification_prefs.muted == ["document_shared", "invoice_sent"]
    client.post(url, {"events": ["document_shared"]})
    email.notification_prefs.refresh_from_db()
    assert email.notification_prefs.muted == ["invoice_sent"]
    client.post(email_url("signing", personas, link, email), {"value": "off"})
    assert not EmailSwitches.objects.get(email=email).signing_authority
    info = client.get(reverse("clients:info", args=[personas.account.pk])).content.decode()
    assert "Enable signing authority" in info and "Cannot sign" in info
    client.post(email_url("signing", personas, link, email), {"value": "on"})
    assert EmailSwitches.objects.get(email=email).signing_authority


@pytest.mark.parametrize(
    "who", ["accountant", "see_all", "outsider", "foreign_owner", "client_user"]
)
def test_per_email_actions_are_404_for_those_who_may_not_edit(client_for, personas, who):
    email, (link,) = contact_on(personas.firm, personas.account)
    client = client_for(getattr(personas, who))
    for name in ("invite", "notifications", "signing"):
        if name != "signing":  # POST only
            assert client.get(email_url(name, personas, link, email)).status_code == 404
        assert client.post(email_url(name, personas, link, email), {}).status_code == 404
    assert not Invitation.objects.exists()
    assert EmailSwitches.objects.get(email=email).signing_authority


# --- Portal settings and the test client (A-11) -----------------------------------


def test_owners_and_admins_change_the_portal_settings(client_for, personas):
    url = reverse("access:settings")
    for who in ("accountant", "manager", "see_all", "client_user"):
        assert client_for(getattr(personas, who)).get(url).status_code == 404
    client = client_for(personas.admin)
    assert client.get(url).status_code == 200
    data = {"invitation_days": "3", "idle_minutes": "240", "magic_link_days": "2"}
    assert client.post(url, data).status_code == 302
    settings = PortalSettings.objects.get(firm=personas.firm)
    assert (settings.invitation_days, settings.idle_minutes, settings.magic_view_documents) == (
        3,
        240,
        False,
    )
    assert HistoryEvent.objects.filter(verb=Verb.PORTAL_SETTINGS_CHANGED).count() == 1
    assert client.post(url, {**data, "invitation_days": "0"}).status_code == 400
    assert PortalSettings.objects.get(firm=personas.firm).invitation_days == 3


def test_invitations_expire_after_the_firms_days(personas, django_capture_on_commit_callbacks):
    PortalSettings.objects.create(firm=personas.firm, invitation_days=3)
    email, _ = contact_on(personas.firm, personas.account)
    invitation = actions.invite(member=personas.owner, account=personas.account, email=email)
    assert invitation.expires_at - invitation.sent_at == timedelta(days=3)


def test_staff_open_the_test_clients_portal_from_its_profile(client_for, personas):
    owner = client_for(personas.owner, "es")
    response = owner.post(reverse("access:test_client"))
    account = personas.firm.portal_settings.test_account
    assert response.url == reverse("clients:info", args=[account.pk])
    assert owner.post(reverse("access:test_client")).url == response.url  # made once
    assert owner.get(reverse("access:test_client")).url == response.url
    assert account.name == "Cliente de prueba"
    info = owner.get(response.url).content.decode()
    assert "Abrir el portal como este cliente" in info
    listed = [row.pk for row in owner.get(LIST).context["page"]]
    assert account.pk not in listed  # not a real client
    response = owner.post(reverse("access:open_test_client", args=[account.pk]))
    assert response.url == reverse("portal:account", args=[account.pk])
    page = owner.get(response.url)
    assert page.status_code == 200 and 'data-testid="preview-banner"' in page.content.decode()
    assert owner.get(reverse("portal:account", args=[personas.account.pk])).status_code == 404
    assert owner.get(LIST).status_code == 200  # still staff in the same session
    refused = client_for(personas.owner).post(
        reverse("access:open_test_client", args=[personas.account.pk])
    )
    assert refused.status_code == 404
    assert (
        client_for(personas.outsider)
        .post(reverse("access:open_test_client", args=[account.pk]))
        .status_code
        == 404
    )

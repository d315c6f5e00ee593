"""A state changed twice at the same moment (issue 14, fault 7): a double click, or two
colleagues. The state is checked under a row lock inside the transaction, so the change
happens once and the second request is told it was already done, never a 500 or a duplicate.

Each pair runs in two threads with their own database connections, ROUNDS times."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portico.clients.models import ClientAccount, ConnectionRequest, Contact
from portico.core.models import HistoryEvent
from portico.messaging.models import EmailLog
from portico.portal import actions as portal_actions
from portico.portal.models import Invitation, InvitationBatch, PortalIdentity
from tests.concurrency import failed_rounds, lost, postgresql_only, together
from tests.portal_setup import (
    activation_token,
    contact_on,
    media,  # noqa: F401  (an autouse fixture)
)

pytestmark = [pytest.mark.django_db(transaction=True), postgresql_only]


def signed_in(member, language="en"):
    client = Client(headers={"accept-language": language})
    client.force_login(member.user)
    return client


def post(client, url, data=None):
    def call():
        client.cookies.pop("messages", None)  # only what this request says
        response = client.post(url, data or {})
        assert response.status_code in (200, 302), response.content.decode()[:2000]
        return [str(m) for m in get_messages(response.wsgi_request)]

    return call


def connection_request(firm, round):
    return ConnectionRequest.objects.create(
        firm=firm,
        client_name=f"Ferretería Muñoz {round}",
        contact_first_name="Rocío",
        contact_last_name=f"Muñoz {round}",
        contact_email=f"rocio{round}@example.es",
        access=ConnectionRequest.Access.EXTENDED,
    )


@pytest.mark.parametrize("answers", [("accept", "accept"), ("accept", "decline")])
def test_a_connection_request_answered_twice_at_once_is_answered_once(personas, answers):
    clients = [signed_in(personas.admin), signed_in(personas.owner, "es")]

    def play(round):
        request = connection_request(personas.firm, round)
        urls = [reverse(f"clients:{answer}", args=[request.pk]) for answer in answers]
        posts = (post(client, url) for client, url in zip(clients, urls, strict=True))
        said = together(*posts, holding=request)
        request.refresh_from_db()
        name = request.client_name
        accounts = ClientAccount.objects.filter(name=name).count()
        contacts = Contact.objects.filter(last_name=f"Muñoz {round}").count()
        assert (accounts, contacts) == ((1, 1) if request.status == "accepted" else (0, 0))
        answered = HistoryEvent.objects.filter(subject=name).filter(
            verb__in=[HistoryEvent.Verb.REQUEST_ACCEPTED, HistoryEvent.Verb.REQUEST_DECLINED]
        )
        assert answered.count() == 1
        already = {
            "accepted": [
                f"The invitation from {name} was already accepted.",
                f"La invitación de {name} ya estaba aceptada.",
            ],
            "declined": [
                f"The invitation from {name} was already declined.",
                f"La invitación de {name} ya estaba rechazada.",
            ],
        }[request.status]
        assert sum(m in already for messages in said for m in messages) == 1, said

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


# --- Invitations: send, resend, cancel (A-2, A-3, A-5, C-10) and activation -----------------


SENT_ALREADY = "An invitation was sent to %s after this page was shown: it is not sent twice."
INVITED_ALREADY = "%d emails were invited after this page was shown: they are not invited twice."
USED = "This invitation has already been used. Sign in with your email and password."


def shown_now():
    """The hidden `shown_at` of the page the member acts on, as its template writes it."""
    return timezone.localtime().isoformat()


def said_once(said, message):
    assert sum(message in messages for messages in said) == 1, said


def test_send_invitation_clicked_twice_sends_one(personas):
    email, (link,) = contact_on(personas.firm, personas.account)
    clients = [signed_in(personas.owner), signed_in(personas.manager)]
    url = reverse("access:invite", args=[personas.account.pk, link.pk, email.pk])

    def play(round):
        shown = shown_now()
        data = {"message": f"Ronda {round}", "shown_at": shown}
        said = together(*(post(client, url, data) for client in clients), holding=email)
        made = Invitation.objects.filter(email=email, created_at__gt=shown)
        assert made.count() == 1
        assert (
            EmailLog.objects.filter(to=email.email, body_text__contains=f"Ronda {round}").count()
            == 1
        )
        said_once(said, SENT_ALREADY % email.email)

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


def test_resend_clicked_twice_resends_each_email_once(personas):
    emails = [
        contact_on(personas.firm, personas.account, address=f"rocio{i}@ferreteria.es")[0]
        for i in range(3)
    ]
    clients = [signed_in(personas.owner), signed_in(personas.manager)]
    url = reverse("access:pending_action")

    def play(round):
        shown = shown_now()
        data = {"action": "resend", "emails": [e.pk for e in emails], "shown_at": shown}
        said = together(*(post(client, url, data) for client in clients), holding=emails[0])
        for email in emails:
            assert Invitation.objects.filter(email=email, created_at__gt=shown).count() == 1
        assert InvitationBatch.objects.filter(created_at__gt=shown).count() == 1
        said_once(said, INVITED_ALREADY % 3)

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


def test_cancel_clicked_twice_cancels_once_and_says_so(personas):
    email, _ = contact_on(personas.firm, personas.account)
    clients = [signed_in(personas.owner), signed_in(personas.manager)]
    url = reverse("access:pending_action")
    cancelled = HistoryEvent.objects.filter(verb=HistoryEvent.Verb.INVITATION_CANCELLED)

    def play(round):
        portal_actions.invite(member=personas.owner, account=personas.account, email=email)
        before = cancelled.count()
        said = together(
            *(post(client, url, {"action": "cancel", "emails": [email.pk]}) for client in clients),
            holding=email,
        )
        assert cancelled.count() == before + 1
        said_once(said, "These invitations were already cancelled or used.")

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


def test_activate_clicked_twice_activates_once_and_the_second_goes_to_sign_in(personas):
    def play(round):
        email, _ = contact_on(
            personas.firm, personas.account, address=f"rocio{round}@ferreteria.es", language="en"
        )
        invitation = portal_actions.invite(
            member=personas.owner, account=personas.account, email=email
        )
        url = reverse("portal:activate", args=[activation_token(email.email)])
        data = {"password1": "Otra-clave-muy-larga-9", "password2": "Otra-clave-muy-larga-9"}
        said = together(post(Client(), url, data), post(Client(), url, data), holding=invitation)
        assert PortalIdentity.objects.filter(email=email).count() == 1
        accepted = HistoryEvent.objects.filter(
            verb=HistoryEvent.Verb.INVITATION_ACCEPTED, subject=email.email
        )
        assert accepted.count() == 1
        said_once(said, USED)

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)


def test_edit_access_with_invitations_clicked_twice_invites_each_email_once(personas):
    accounts = [personas.account, personas.other_account]
    emails = [
        contact_on(personas.firm, account, address=f"ana{i}@example.es", login=False)[0]
        for i, account in enumerate(accounts)
    ]
    clients = [signed_in(personas.owner), signed_in(personas.admin)]
    url = reverse("clients:bulk")

    def play(round):
        shown = shown_now()
        data = {
            "action": "edit_access",
            "ids": [a.pk for a in accounts],
            "login": "on",
            "invite": "on",
            "message": f"Ronda {round}",
            "shown_at": shown,
        }
        said = together(*(post(client, url, data) for client in clients), holding=emails[0])
        for email in emails:
            assert Invitation.objects.filter(email=email, created_at__gt=shown).count() == 1
        said_once(said, INVITED_ALREADY % 2)

    failed = failed_rounds(play)
    assert failed == {}, lost(failed)

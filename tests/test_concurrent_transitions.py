"""A state changed twice at the same moment (issue 14, fault 7): a double click, or two
colleagues. The state is checked under a row lock inside the transaction, so the change
happens once and the second request is told it was already done, never a 500 or a duplicate.

Each pair runs in two threads with their own database connections, ROUNDS times."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from portico.clients.models import ClientAccount, ConnectionRequest, Contact
from portico.core.models import HistoryEvent
from tests.concurrency import failed_rounds, lost, postgresql_only, together

pytestmark = [pytest.mark.django_db(transaction=True), postgresql_only]


def signed_in(member, language="en"):
    client = Client(headers={"accept-language": language})
    client.force_login(member.user)
    return client


def post(client, url, data=None):
    def call():
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

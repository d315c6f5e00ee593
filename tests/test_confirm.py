"""Issue 14, item 11: bulk and destructive actions ask first, naming the count, through one
confirmation step (portico/core/confirm.py): a modal under htmx, a page without JavaScript."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from portico.clients.models import AccountContact, ClientAccount, TeamMembership
from portico.portal.models import Invitation
from tests.factories import AccountFactory, InvitationFactory, MemberFactory
from tests.portal_setup import contact_on

pytestmark = pytest.mark.django_db
BULK = reverse("clients:bulk")
PENDING = reverse("access:pending_action")
HTMX = {"HX-Request": "true"}


def test_adding_a_member_to_all_matching_clients_names_the_count_first(
    client_for, personas, django_assert_max_num_queries
):
    luc = MemberFactory(firm=personas.firm, user__full_name="Luc")
    for n in range(3):
        AccountFactory(firm=personas.firm, name=f"Garage {n}")
    client = client_for(personas.owner, "es")
    data = {"action": "add_member", "member": luc.pk, "all_matching": "1", "query": "q=garage"}
    with django_assert_max_num_queries(10):
        page = client.post(BULK, data)
    html = page.content.decode()
    assert page.status_code == 200 and "<html" in html  # the page without JavaScript
    assert "Añadir a Luc a 3 clientes" in html
    assert '<input type="hidden" name="confirmed" value="1">' in html
    assert '<input type="hidden" name="query" value="q=garage">' in html
    assert not TeamMembership.objects.filter(member=luc).exists()
    modal = client.post(BULK, data, headers=HTMX).content.decode()
    assert "<html" not in modal and "data-confirm-modal" in modal
    assert "Añadir a Luc a 3 clientes" in modal
    assert not TeamMembership.objects.filter(member=luc).exists()
    done = client.post(BULK, {**data, "confirmed": "1"}, headers=HTMX)
    assert done.headers["HX-Redirect"] == reverse("clients:list") + "?q=garage"
    assert TeamMembership.objects.filter(member=luc).count() == 3
    assert [str(m) for m in get_messages(done.wsgi_request)] == ["3 clientes modificados."]


def test_ticked_rows_act_at_once_and_a_redirect_under_htmx_is_a_client_redirect(
    client_for, personas
):
    luc = MemberFactory(firm=personas.firm, user__full_name="Luc")
    data = {"action": "add_member", "member": luc.pk, "ids": [personas.account.pk]}
    response = client_for(personas.owner).post(BULK, data, headers=HTMX)
    assert response.status_code == 200 and response.headers["HX-Redirect"]
    assert TeamMembership.objects.filter(member=luc).count() == 1


def test_cancelling_one_invitation_asks_then_says_one(client_for, personas):
    email, _ = contact_on(personas.firm, personas.account, address="rocio@example.es")
    InvitationFactory(account=personas.account, email=email, status="sent")
    client = client_for(personas.owner, "es")
    asked = client.post(PENDING, {"action": "cancel", "emails": [email.pk]}).content.decode()
    assert "Cancelar 1 invitación" in asked and "Su enlace dejará de funcionar." in asked
    assert Invitation.objects.get().status == "sent"
    done = client.post(
        PENDING, {"action": "cancel", "emails": [email.pk], "confirmed": "1"}, follow=True
    )
    assert "1 invitación cancelada: su enlace ya no funciona." in done.content.decode()
    assert Invitation.objects.get().status == "cancelled"


def test_unlinking_and_removing_a_team_member_ask_first(client_for, personas):
    email, (link,) = contact_on(personas.firm, personas.account, address="rocio@example.es")
    client = client_for(personas.owner, "es")
    unlink = reverse("clients:unlink", args=[personas.account.pk, link.pk])
    html = client.post(unlink).content.decode()
    assert f"Desvincular a Rocío Muñoz de {personas.account.name}" in html
    assert AccountContact.objects.filter(pk=link.pk).exists()
    client.post(unlink, {"confirmed": "1"})
    assert not AccountContact.objects.filter(pk=link.pk).exists()
    team = reverse("clients:team", args=[personas.account.pk])
    html = client.post(team, {"remove": personas.accountant.pk}).content.decode()
    assert f"Quitar a Ana Martín del equipo de {personas.account.name}" in html
    assert personas.accountant in personas.account.team.all()
    client.post(team, {"remove": personas.accountant.pk, "confirmed": "1"})
    assert personas.accountant not in personas.account.team.all()


@pytest.mark.parametrize("who", ["accountant", "see_all", "outsider", "foreign_owner"])
def test_the_confirmation_is_refused_where_the_action_is(client_for, personas, who):
    email, (link,) = contact_on(personas.firm, personas.account, address="rocio@example.es")
    client = client_for(getattr(personas, who))
    unlink = reverse("clients:unlink", args=[personas.account.pk, link.pk])
    assert client.post(unlink).status_code == 404
    data = {"action": "add_tag", "tag": 1, "all_matching": "1"}
    assert client.post(BULK, data).status_code in (302, 404)  # no tag of theirs: refused
    assert ClientAccount.objects.filter(tags__isnull=False).count() == 0

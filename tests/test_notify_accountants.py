"""Notify accountants (N-5): owners and admins remind a client's team of pending tasks."""

import pytest
from django.urls import reverse

from portico.core.models import HistoryEvent
from portico.messaging.models import EmailLog
from tests.factories import TeamMembershipFactory
from tests.mail import text_of

pytestmark = pytest.mark.django_db


def url(account):
    return reverse("notifications:notify", args=[account.pk])


@pytest.fixture
def team(personas):
    personas.accountant.language = "fr"
    personas.accountant.save()  # the manager keeps the firm's language, Spanish
    return personas


@pytest.mark.django_db(transaction=True)
def test_every_accountant_on_the_team_gets_one_email_in_their_language(client_for, team, smtp):
    client = client_for(team.admin, "es")
    page = client.get(url(team.account))
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("Notificar a los contables", "Recibos faltantes", "Saldo bajo en la cartera"):
        assert label in html
    response = client.post(
        url(team.account),
        {"tasks": ["missing_receipts", "low_balance"], "comment": "Faltan los tickets de octubre."},
        follow=True,
    )
    assert "Enviando el correo a 2 contables de Panadería Núñez SL." in response.content.decode()
    messages = smtp.wait_for(2)
    by_to = {m["To"]: m for m in messages}
    assert set(by_to) == {team.accountant.user.email, team.manager.user.email}
    french = text_of(by_to[team.accountant.user.email])
    assert "Reçus manquants" in french and "Faltan los tickets de octubre." in french
    assert (
        by_to[team.accountant.user.email]["Subject"] == "Tâches en suspens pour Panadería Núñez SL"
    )
    spanish = text_of(by_to[team.manager.user.email])
    assert "Saldo bajo en la cartera" in spanish
    event = HistoryEvent.objects.get(verb=HistoryEvent.Verb.ACCOUNTANTS_NOTIFIED)
    assert event.account == team.account and event.actor == team.admin.user
    assert event.after["tasks"] == ["missing_receipts", "low_balance"]
    assert sorted(event.after["to"]) == sorted(by_to)
    again = client.get(url(team.account)).content.decode()
    assert "Faltan los tickets de octubre." in again  # under Reminders sent


def test_nothing_ticked_and_no_comment_sends_nothing(client_for, team):
    response = client_for(team.owner, "es").post(url(team.account), {"comment": "  "})
    assert response.status_code == 400
    assert "Marca al menos una tarea o escribe un comentario." in response.content.decode()
    assert not EmailLog.objects.exists()
    assert not HistoryEvent.objects.filter(verb=HistoryEvent.Verb.ACCOUNTANTS_NOTIFIED).exists()


def test_an_unknown_task_is_refused(client_for, team):
    response = client_for(team.owner).post(url(team.account), {"tasks": ["bogus"]})
    assert response.status_code == 400
    assert not EmailLog.objects.exists()


def test_a_client_with_nobody_on_its_team_says_so(client_for, team):
    response = client_for(team.owner, "fr").post(
        url(team.other_account), {"tasks": ["other"], "comment": "?"}
    )
    assert response.status_code == 400
    assert "Personne d’autre n’est dans l’équipe" in response.content.decode()
    assert not EmailLog.objects.exists()


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("es", "Nadie más está en el equipo de este cliente"),
        ("fr", "Personne d’autre n’est dans l’équipe de ce client"),
    ],
)
def test_a_client_with_nobody_to_notify_says_so_before_anything_is_typed(
    client_for, team, language, said
):
    response = client_for(team.owner, language).get(url(team.other_account))
    assert response.status_code == 200
    html = response.content.decode()
    warning = html.split('data-testid="nobody-to-notify"')[1].split("</div>")[0]
    assert said in warning
    assert reverse("clients:info", args=[team.other_account.pk]) in warning
    assert "<fieldset disabled>" in html  # nothing to tick or type…
    assert '<button class="btn btn-primary" disabled>' in html  # …or send
    # The admin alone on the team: still nobody else to write to.
    TeamMembershipFactory(account=team.other_account, member=team.owner)
    html = client_for(team.owner, language).get(url(team.other_account)).content.decode()
    assert 'data-testid="nobody-to-notify"' in html
    html = client_for(team.owner, language).get(url(team.account)).content.decode()
    assert 'data-testid="nobody-to-notify"' not in html and " disabled>" not in html


@pytest.mark.parametrize(
    "who", ["accountant", "manager", "see_all", "outsider", "foreign_owner", "client_user"]
)
def test_only_owners_and_admins_of_the_firm_may_notify(client_for, team, who):
    client = client_for(getattr(team, who))
    assert client.get(url(team.account)).status_code == 404
    assert client.post(url(team.account), {"tasks": ["other"]}).status_code == 404
    assert not EmailLog.objects.exists()


def test_another_firms_account_answers_404_to_our_owner(client_for, team):
    response = client_for(team.owner).get(url(team.foreign_account))
    assert response.status_code == 404

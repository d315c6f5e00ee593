"""What a newcomer's walkthrough in Spanish and French found: Home's cards and their links,
the delete confirmation's names, numbers inside messages, French wording."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portico.clients import actions as client_actions
from portico.documents.models import Document
from tests.factories import AccountFactory, DigestSubscriptionFactory, TagFactory

pytestmark = pytest.mark.django_db


def _document(account, name):
    return Document.objects.create(
        firm=account.firm,
        account=account,
        name=name,
        file=f"documents/{name}",
        content_type="application/pdf",
        size=10,
    )


def _cards(response):
    return {card.key: figure for card, figure in response.context["cards"]}


def test_delete_confirmation_names_every_record_in_the_users_language(personas, client_for):
    account = personas.account
    account.tags.add(TagFactory(firm=personas.firm), TagFactory(firm=personas.firm))
    with translation.override("fr"):
        names = dict(client_actions.deletion_summary(account))
    assert names["liens vers des étiquettes"] == 2
    with translation.override("en"):
        english = client_actions.deletion_summary(account)
    assert "links to tags" in dict(english)
    assert all("relationship" not in name for name, _n in english)
    with translation.override("fr"):
        for name, count in client_actions.deletion_summary(account):
            # singular for one, each name translated
            assert count > 1 or not name.endswith("s"), name
    page = client_for(personas.owner, "fr").get(reverse("clients:status", args=[account.pk]))
    assert "2 × liens vers des étiquettes" in page.text
    assert "relationships" not in page.text


def test_numbers_inside_messages_follow_the_locale(personas, client_for):
    from tests.test_calendar import new_task_data

    data = new_task_data(personas, repeat="daily", count="5000")
    for language, shown in (("es", "1.000"), ("fr", "1\u202f000"), ("en", "1,000")):
        client = client_for(personas.accountant, language)
        response = client.post(f"/clients/{personas.account.pk}/tasks/new/", data)
        assert response.status_code == 400
        assert f" {shown} " in response.text, language


def test_french_dry_run_invitation_and_missing_receipts_wording(personas, client_for):
    from tests.test_client_book_views import upload

    client = client_for(personas.owner, "fr")
    page = client.get(upload(client).url).text
    assert "2 lignes créées" in page and "0 ligne mise à jour" in page
    assert "créent" not in page and "met à jour" not in page
    with translation.override("fr"):
        assert translation.gettext("An invitation is on its way to %(email)s.") % {
            "email": "nuevo@example.com"
        } == "Invitation envoyée à nuevo@example.com."
        receipts = translation.ngettext(
            "missing receipts in %(clients)s of my clients",
            "missing receipts in %(clients)s of my clients",
            2,
        )
        assert receipts.startswith("reçus manquants")

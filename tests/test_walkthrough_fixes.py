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


def test_numbers_inside_messages_follow_the_locale(personas, client_for):
    from tests.test_calendar import new_task_data

    data = new_task_data(personas, repeat="daily", count="5000")
    for language, shown in (("es", "1.000"), ("fr", "1\u202f000"), ("en", "1,000")):
        client = client_for(personas.accountant, language)
        response = client.post(f"/clients/{personas.account.pk}/tasks/new/", data)
        assert response.status_code == 400
        assert f" {shown} " in response.text, language



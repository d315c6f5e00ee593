"""Home (F-8): the member's own work at a glance, each card linking to its filtered page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from portico.clients.models import ClientAccount
from portico.core.registry import HomeCard, HomeFigure, registry
from portico.documents.models import Document
from tests.factories import (
    AccountContactFactory,
    AccountFactory,
    ContactEmailFactory,
    DigestSubscriptionFactory,
    EmailSwitchesFactory,
    ExpenseSummaryFactory,
    TeamMembershipFactory,
)


def _document(account, name, seen=False):
    return Document.objects.create(
        firm=account.firm,
        account=account,
        name=name,
        file=f"documents/{name}",
        content_type="application/pdf",
        size=10,
        seen_by_firm_at=timezone.now() if seen else None,
    )


def _cards(response):
    return {card.key: figure for card, figure in response.context["cards"]}


@pytest.mark.django_db
def test_home_shows_my_work_and_links_to_the_filtered_pages(
    personas, client_for, django_assert_max_num_queries
):
    ExpenseSummaryFactory(account=personas.account, missing_receipts=2)
    ExpenseSummaryFactory(account=personas.other_account, missing_receipts=5)  # not her team
    _document(personas.account, "factura.pdf")
    _document(personas.account, "visto.pdf", seen=True)
    _document(personas.other_account, "ajeno.pdf")
    AccountFactory(firm=personas.firm, onboarding=ClientAccount.Onboarding.INVITED)
    waiting = AccountFactory(firm=personas.firm, onboarding=ClientAccount.Onboarding.VERIFICATION)
    TeamMembershipFactory(account=waiting, member=personas.accountant)
    left = AccountFactory(firm=personas.firm, onboarding=ClientAccount.Onboarding.ARCHIVED)
    TeamMembershipFactory(account=left, member=personas.accountant)  # archived: not waiting
    DigestSubscriptionFactory(member=personas.accountant, account=personas.account)
    link = AccountContactFactory(account=personas.account)
    email = ContactEmailFactory(contact=link.contact)
    EmailSwitchesFactory(link=link, email=email, login=True)

    client = client_for(personas.accountant, "es")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    cards = _cards(response)
    assert cards["missing_receipts"].count == 2
    assert cards["missing_receipts"].url == "/clients/?tab=mine&missing=1&sort=-missing"
    assert cards["new_documents"].count == 1
    assert cards["new_documents"].items[0][0] == "factura.pdf · Panadería Núñez SL"
    assert cards["onboarding"].count == 1  # only the one on her team
    assert cards["my_digests"].count == 1
    assert "pending_activations" not in cards  # accountants without manage accounts
    text = response.content.decode()
    assert "Recibos faltantes" in text and 'href="/clients/?tab=onboarding"' in text

    owner = _cards(client_for(personas.owner).get(reverse("home")))
    assert owner["new_documents"].count == 2
    assert owner["onboarding"].count == 2
    assert owner["pending_activations"].count == 1
    assert owner["missing_receipts"].count == 0  # on no team


@pytest.mark.django_db
def test_home_is_for_staff_only(personas, client_for, client):
    assert client.get(reverse("home")).status_code == 302  # to sign in
    assert client_for(personas.client_user).get(reverse("home")).status_code == 404


@pytest.mark.django_db
def test_a_feature_registers_its_card(personas, client_for):
    card = HomeCard(
        key="example",
        label="Example",
        figure=lambda member: HomeFigure(7, "examples", "/clients/"),
        right="manage_billing",
    )
    registry.register(card)
    try:
        assert _cards(client_for(personas.owner).get(reverse("home")))["example"].count == 7
        assert "example" not in _cards(client_for(personas.accountant).get(reverse("home")))
    finally:
        registry.unregister(HomeCard, "example")

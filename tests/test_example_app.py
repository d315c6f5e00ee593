"""An app plugs into the composing pages from its own folder (issue 16): the tests' example app
(tests/example_app, installed by tests/settings.py only) registers a profile tab, an Overview
card, a Clients-page column with its sort and filter, and a digest section, and each appears
where it belongs."""

from datetime import UTC, datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from portico.clients import actions as client_actions
from portico.core.registry import OverviewCard, registry
from portico.messaging.models import EmailLog
from portico.notifications import actions as notification_actions
from portico.notifications.digests import send_due_digests
from tests.factories import TagFactory

pytestmark = pytest.mark.django_db
LIST = reverse("clients:list")


@pytest.fixture
def tagged(personas):
    """The team's account carries the tag the example app is about."""
    tag = TagFactory(firm=personas.firm, name="Example")
    client_actions.set_tags(member=personas.owner, account=personas.account, tags=[tag])
    return personas


def test_the_profile_shows_the_apps_tab_and_its_page(client_for, tagged):
    info = reverse("clients:info", args=[tagged.account.pk])
    page = client_for(tagged.owner).get(info).content.decode()
    tab = reverse("example_app:tags", args=[tagged.account.pk])
    assert 'data-testid="profile-tab-example"' in page and f'href="{tab}"' in page
    response = client_for(tagged.owner).get(tab)
    assert response.status_code == 200
    assert "<li>Example</li>" in response.content.decode()
    foreign = reverse("example_app:tags", args=[tagged.foreign_account.pk])
    assert client_for(tagged.owner).get(foreign).status_code == 404


def test_the_overview_card_gives_the_latest_and_hides_when_empty(tagged):
    card = registry.get(OverviewCard, "example")
    assert card in registry.for_member(OverviewCard, tagged.owner)
    assert card.view_all == "example_app:tags" and card.hide_when_empty
    items = card.latest(tagged.owner, tagged.account)
    assert items == ["Example"]
    html = render_to_string(card.template, {"items": items, "account": tagged.account})
    assert "<li>Example</li>" in html
    assert card.latest(tagged.owner, tagged.other_account) == []


def test_the_clients_page_shows_the_apps_column_only_where_it_has_data(client_for, tagged):
    response = client_for(tagged.owner).get(LIST + "?tab=all")
    assert "example" in [column.key for column in response.context["columns"]]
    html = response.content.decode()
    assert '<th scope="col">Example</th>' in html
    assert html.count('data-testid="example-cell">Example</td>') == 1
    client_actions.set_tags(member=tagged.owner, account=tagged.account, tags=[])
    response = client_for(tagged.owner).get(LIST + "?tab=all")
    assert "example" not in [column.key for column in response.context["columns"]]
    assert 'data-testid="example-cell"' not in response.content.decode()


def test_the_clients_page_offers_the_apps_sort_and_filter(client_for, tagged):
    client = client_for(tagged.owner)
    html = client.get(LIST + "?tab=all").content.decode()
    assert '<option value="example">Tagged Example first</option>' in html
    assert 'type="checkbox" name="example" value="1" id="id_example" >' in html
    page = client.get(LIST, {"tab": "all", "sort": "-name"}).context["page"]
    assert page[0].name != tagged.account.name  # Z–A, the tagged account is not first
    response = client.get(LIST, {"tab": "all", "sort": "example"})
    assert [row.name for row in response.context["page"]][0] == tagged.account.name
    assert '<option value="example" selected>' in response.content.decode()
    response = client.get(LIST, {"tab": "all", "example": "1"})
    assert [row.name for row in response.context["page"]] == [tagged.account.name]
    assert 'id="id_example" checked>' in response.content.decode()
    response = client.get(LIST, {"tab": "all", "example": "other"})  # not a choice: no filter
    assert len(response.context["page"]) > 1


def test_the_digest_carries_the_apps_section(tagged):
    now = datetime(2026, 10, 28, 14, 0, tzinfo=UTC)  # a Wednesday: digests start next Monday
    notification_actions.set_digest(
        member=tagged.owner, account=tagged.account, email=True, frequency="weekly", now=now
    )
    assert send_due_digests(datetime(2026, 11, 2, 10, 0, tzinfo=UTC)) == 1
    email = EmailLog.objects.get(template="digest")
    assert f"Clients tagged Example: {tagged.account.name}" in email.body_text
    assert 'data-testid="example-digest"' in email.body_html

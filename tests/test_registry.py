"""core.registry: what apps contribute to the composing pages, in order and by right."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from portico.core.registry import HistoryVerb, ProfileAction, ProfileTab, Registry, registry
from portico.core.rights import Right


def test_contributions_come_back_in_order_and_filtered_by_right(personas):
    reg = Registry()
    reg.register(
        ProfileTab(key="b", label="B", url_name="x", order=20),
        ProfileTab(key="a", label="A", url_name="x", order=10, right=Right.MANAGE_BILLING),
        ProfileTab(key="c", label="C", url_name="x", order=20),
    )
    assert [t.key for t in reg.all(ProfileTab)] == ["a", "b", "c"]
    assert [t.key for t in reg.for_member(ProfileTab, personas.owner)] == ["a", "b", "c"]
    assert [t.key for t in reg.for_member(ProfileTab, personas.accountant)] == ["b", "c"]
    assert reg.for_member(ProfileTab, None) == []


def test_a_key_registered_twice_is_a_configuration_error():
    reg = Registry()
    reg.register(HistoryVerb(key="x.done", label="did x"))
    with pytest.raises(ImproperlyConfigured):
        reg.register(HistoryVerb(key="x.done", label="did x again"))
    reg.unregister(HistoryVerb, "x.done")
    assert reg.verb_label("x.done") == "x.done"


@pytest.fixture
def example_tab_and_action():
    items = [
        ProfileTab(key="scratch", label="Example tab", url_name="clients:info", order=1),
        ProfileAction(
            key="scratch", label="Make an example", url_name="clients:info", right="manage_firm"
        ),
    ]
    registry.register(*items)
    yield
    for item in items:
        registry.unregister(type(item), item.key)


def test_the_profile_shows_registered_tabs_and_the_action_menu_by_right(
    personas, client_for, example_tab_and_action
):
    url = f"/clients/{personas.account.pk}/info/"
    page = client_for(personas.owner).get(url).content.decode()
    assert 'data-testid="profile-tab-scratch"' in page
    assert "Make an example" in page
    page = client_for(personas.accountant).get(url).content.decode()
    assert 'data-testid="profile-tab-scratch"' in page
    assert "Make an example" not in page

"""Issue 15, fault 5: an id that can't exist answers 404 or a form error, never a 500."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from portico.core.ids import MAX_ID, IdConverter, IdsField, parse_id
from portico.core.models import HistoryEvent
from tests.factories import TagFactory
from tests.portal_setup import client_user_on, portal_client

HUGE = 10**30


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def test_no_url_pattern_captures_an_unbounded_int():
    """Every id in a URL goes through `<id:…>`; `<int:…>` would hand 10**30 to the database."""
    unbounded = [
        route
        for route, entry in _patterns(get_resolver())
        for converter in entry.pattern.converters.values()
        if isinstance(converter, IntConverter)
    ]
    assert unbounded == []
    id_routes = [
        route
        for route, entry in _patterns(get_resolver())
        if any(isinstance(c, IdConverter) for c in entry.pattern.converters.values())
    ]
    assert len(id_routes) > 30  # the converter is registered and used


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1", 1), ("007", 7), (str(MAX_ID), MAX_ID), (" 12 ", 12)]
    + [(bad, None) for bad in ("0", "-1", str(MAX_ID + 1), str(HUGE), "1e3", "", "x", "١٢")],
)
def test_parse_id_accepts_only_ids_that_can_exist(text, expected):
    assert parse_id(text) == expected


def test_the_ids_field_refuses_what_cant_exist():
    field = IdsField(required=False)
    assert field.clean(["3", "1", "3"]) == [1, 3]
    for bad in (["1", str(HUGE)], ["0"], ["abc"], [str(-5)]):
        with pytest.raises(ValidationError) as refused:
            field.clean(bad)
        assert refused.value.code == "invalid"


def test_a_huge_id_in_the_clients_bulk_form_is_a_form_error(client_for, personas):
    tag = TagFactory(firm=personas.firm)
    client = client_for(personas.admin)
    data = {"action": "add_tag", "tag": tag.pk, "ids": [personas.account.pk, HUGE]}
    response = client.post(reverse("clients:bulk"), data, follow=True)
    assert response.status_code == 200
    assert "The selection is not valid." in response.content.decode()
    assert not HistoryEvent.objects.exists()


def test_a_huge_id_on_the_pending_tab_is_a_form_error(client_for, personas):
    client = client_for(personas.admin)
    data = {"action": "cancel", "emails": [str(HUGE)]}
    response = client.post(reverse("access:pending_action"), data, follow=True)
    assert response.status_code == 200
    assert "The selection is not valid." in response.content.decode()


@pytest.mark.parametrize("pk", [HUGE, MAX_ID + 1, 0])
def test_a_huge_id_in_a_portal_url_answers_404(personas, pk):
    user, _ = client_user_on(personas.firm, personas.account)
    client = portal_client(user)
    for path in (
        f"/portal/settings/notifications/{pk}/",
        f"/portal/{pk}/",
        f"/portal/{personas.account.pk}/documents/{pk}/",
    ):
        assert client.get(path).status_code == 404
        assert client.post(path).status_code == 404


def test_the_largest_id_is_a_plain_404(client_for, personas):
    client = client_for(personas.owner)
    assert client.get(f"/clients/{MAX_ID}/").status_code == 404
    assert reverse("clients:profile", args=[MAX_ID]).endswith(f"/{MAX_ID}/")


@pytest.mark.parametrize("value", ["0", str(10**30), "-3", "x"])
def test_model_choice_fields_refuse_ids_that_cant_exist(value, db):
    from portico.clients.models import Tag
    from portico.core import ids

    single = ids.ModelChoiceField(queryset=Tag.objects.all())
    multiple = ids.ModelMultipleChoiceField(queryset=Tag.objects.all())
    with pytest.raises(ValidationError):
        single.clean(value)
    with pytest.raises(ValidationError):
        multiple.clean([value])

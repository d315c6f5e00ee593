"""The firm's tags and custom fields, managed in the settings area by owners and admins; the
account form fills the fields (a required one must be filled)."""

import pytest
from django.urls import reverse

from portico.clients import actions
from portico.clients.models import ClientAccount, CustomField, Tag
from portico.core.models import HistoryEvent
from tests.factories import AccountFactory, CustomFieldFactory, TagFactory

pytestmark = pytest.mark.django_db

TAGS = reverse("client_settings:tags")
FIELDS = reverse("client_settings:fields")


def test_an_admin_creates_renames_and_recolours_a_tag(client_for, personas):
    client = client_for(personas.admin)
    assert client.post(TAGS, {"name": " Autónomos ", "colour": "#1A7F37"}).status_code == 302
    tag = Tag.objects.get(firm=personas.firm)
    assert (tag.name, tag.colour) == ("Autónomos", "#1a7f37")
    url = reverse("client_settings:tag_change", args=[tag.pk])
    data = {f"t{tag.pk}-name": "Autónomos 2026", f"t{tag.pk}-colour": "#0d6efd"}
    assert client.post(url, data).status_code == 302
    tag.refresh_from_db()
    assert (tag.name, tag.colour) == ("Autónomos 2026", "#0d6efd")
    verbs = list(HistoryEvent.objects.values_list("verb", flat=True))
    assert actions.TAG_CREATED in verbs and actions.TAG_CHANGED in verbs


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "colour": "#000000"}, "required"),
        ({"name": "X", "colour": "#12g4zz"}, "Choose a colour"),
        ({"name": "vip", "colour": "#000000"}, "already a tag"),
    ],
)
def test_bad_tags_are_refused(client_for, personas, data, message):
    TagFactory(firm=personas.firm, name="VIP")
    response = client_for(personas.owner).post(TAGS, data)
    assert response.status_code == 400 and message in response.text
    assert Tag.objects.filter(firm=personas.firm).count() == 1


def test_merging_moves_the_accounts_tags_in_one_go(client_for, personas):
    source = TagFactory(firm=personas.firm, name="Cliente VIP")
    target = TagFactory(firm=personas.firm, name="VIP")
    both, only_source = personas.account, personas.other_account
    both.tags.add(source, target)
    only_source.tags.add(source)
    url = reverse("client_settings:tag_merge", args=[source.pk])
    response = client_for(personas.owner).post(url, {f"t{source.pk}-target": target.pk})
    assert response.status_code == 302
    assert not Tag.objects.filter(pk=source.pk).exists()
    assert list(both.tags.all()) == [target] and list(only_source.tags.all()) == [target]
    event = HistoryEvent.objects.get(verb=actions.TAGS_MERGED)
    assert event.after == {"tag": "VIP", "accounts": 2}


def test_merging_into_another_firms_tag_or_itself_is_refused(client_for, personas):
    tag = TagFactory(firm=personas.firm)
    foreign = TagFactory(firm=personas.foreign_account.firm)
    url = reverse("client_settings:tag_merge", args=[tag.pk])
    client = client_for(personas.owner)
    for target in (foreign, tag):
        client.post(url, {f"t{tag.pk}-target": target.pk})
        assert Tag.objects.filter(pk=tag.pk).exists()
    foreign_url = reverse("client_settings:tag_merge", args=[foreign.pk])
    assert client.post(foreign_url, {f"t{foreign.pk}-target": tag.pk}).status_code == 404


def test_deleting_a_tag_untags_its_accounts(client_for, personas):
    tag = TagFactory(firm=personas.firm)
    personas.account.tags.add(tag)
    url = reverse("client_settings:tag_delete", args=[tag.pk])
    for member in (personas.accountant, personas.manager, personas.foreign_owner):
        assert client_for(member).post(url).status_code == 404
    assert client_for(personas.owner).post(url).status_code == 302
    assert not personas.account.tags.exists() and not Tag.objects.filter(pk=tag.pk).exists()


def test_custom_fields_created_ordered_and_filled(client_for, personas):
    client = client_for(personas.owner)
    data = {
        "applies_to": "account",
        "label": "Régimen",
        "kind": "choice",
        "choices": "General\nModular\n\nGeneral",
    }
    assert client.post(FIELDS, data).status_code == 302
    data = {"applies_to": "account", "label": "Alta", "kind": "date", "required": "on"}
    assert client.post(FIELDS, data).status_code == 302
    regimen, alta = CustomField.objects.filter(firm=personas.firm).order_by("position")
    assert regimen.choices == ["General", "Modular"] and alta.required
    move = reverse("client_settings:field_move", args=[alta.pk])
    assert client.post(move, {"to": "up"}).status_code == 302
    assert list(CustomField.objects.order_by("position").values_list("label", flat=True)) == [
        "Alta",
        "Régimen",
    ]
    # The account form fills them; the required one must be filled.
    edit = reverse("clients:info_edit", args=[personas.account.pk])
    base = {"name": personas.account.name, "kind": "company"}
    response = client.post(edit, {**base, f"custom_{regimen.pk}": "Modular"})
    assert response.status_code == 400
    response = client.post(
        edit, {**base, f"custom_{regimen.pk}": "Modular", f"custom_{alta.pk}": "2026-01-31"}
    )
    assert response.status_code == 302
    values = ClientAccount.objects.get(pk=personas.account.pk).custom_values
    assert values == {str(regimen.pk): "Modular", str(alta.pk): "2026-01-31"}


@pytest.mark.parametrize(
    "data, field",
    [
        ({"applies_to": "account", "label": "Régimen", "kind": "choice", "choices": ""}, "choices"),
        ({"applies_to": "account", "label": "", "kind": "text"}, "label"),
        ({"applies_to": "invoice", "label": "X", "kind": "text"}, "applies_to"),
        ({"applies_to": "account", "label": "X", "kind": "formula"}, "kind"),
        ({"applies_to": "account", "label": "iban", "kind": "text"}, "label"),  # taken
    ],
)
def test_bad_custom_fields_are_refused(client_for, personas, data, field):
    CustomFieldFactory(firm=personas.firm, label="IBAN")
    response = client_for(personas.admin).post(FIELDS, data)
    assert response.status_code == 400 and field in response.context["form"].errors
    assert CustomField.objects.count() == 1


def test_changing_and_deleting_a_custom_field(client_for, personas):
    field = CustomFieldFactory(firm=personas.firm, label="Cuota", kind="choice", choices=["A"])
    client = client_for(personas.owner)
    url = reverse("client_settings:field_change", args=[field.pk])
    data = {
        f"f{field.pk}-label": "Cuota mensual",
        f"f{field.pk}-choices": "A\nB",
        f"f{field.pk}-required": "on",
    }
    assert client.post(url, data).status_code == 302
    field.refresh_from_db()
    assert (field.label, field.choices, field.required, field.kind) == (
        "Cuota mensual",
        ["A", "B"],
        True,
        "choice",
    )
    for member in (personas.accountant, personas.see_all, personas.foreign_owner):
        assert (
            client_for(member)
            .post(reverse("client_settings:field_delete", args=[field.pk]))
            .status_code
            == 404
        )
    assert client.post(reverse("client_settings:field_delete", args=[field.pk])).status_code == 302
    assert not CustomField.objects.exists()


def test_tag_and_field_pages_query_counts(client_for, personas, django_assert_max_num_queries):
    for n in range(30):
        tag = TagFactory(firm=personas.firm)
        AccountFactory(firm=personas.firm).tags.add(tag)
        CustomFieldFactory(firm=personas.firm, applies_to="contact" if n % 2 else "account")
    client = client_for(personas.admin)
    for url in (TAGS, FIELDS):
        with django_assert_max_num_queries(5):
            assert client.get(url).status_code == 200

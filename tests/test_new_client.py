"""New client from the Clients page (C-11), onboarding steps (C-1), archive / restore and
delete for owners."""

import pytest
from django.urls import reverse

from portico.clients import actions, listing
from portico.clients.models import (
    AccountContact,
    ClientAccount,
    Contact,
    EmailSwitches,
    FirmTally,
)
from portico.core.models import HistoryEvent
from tests.factories import (
    AccountContactFactory,
    ContactEmailFactory,
    CustomFieldFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

NEW = reverse("clients:new")
ARCHIVED = ClientAccount.Onboarding.ARCHIVED


def contact_rows(*rows, language="es"):
    data = {
        "contacts-TOTAL_FORMS": "3",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "3",
    }
    for i in range(3):
        data[f"contacts-{i}-language"] = language
    for i, row in enumerate(rows):
        data |= {f"contacts-{i}-{k}": v for k, v in row.items()}
    return data


TWO_CONTACTS = (
    {"first_name": "Inés", "last_name": "Núñez", "email": "Ines@Ferreteria.es", "login": "on"},
    {"first_name": "Raúl", "last_name": "Peña"},
)


def new_client_data(contacts=TWO_CONTACTS, **extra):
    return {
        "name": "Ferretería Núñez SL",
        "kind": "company",
        "city": "Sevilla",
        "country": "es",
        **contact_rows(*contacts),
        **extra,
    }


def test_a_manager_creates_a_client_with_two_contacts_tags_team_and_fields(client_for, personas):
    tag = TagFactory(firm=personas.firm, name="Autónomos")
    field = CustomFieldFactory(firm=personas.firm, label="Régimen", kind="text", required=True)
    client = client_for(personas.manager)
    data = new_client_data(tags=[tag.pk], team=[personas.accountant.pk])
    response = client.post(NEW, data)
    assert response.status_code == 400  # the required custom field
    assert not ClientAccount.objects.filter(name="Ferretería Núñez SL").exists()
    response = client.post(NEW, {**data, f"custom_{field.pk}": "General"})
    assert response.status_code == 302
    account = ClientAccount.objects.get(name="Ferretería Núñez SL")
    assert (account.city, account.country, account.onboarding) == ("Sevilla", "ES", "active")
    assert account.custom_values == {str(field.pk): "General"}
    assert list(account.tags.all()) == [tag]
    assert list(account.team.all()) == [personas.accountant]
    names = sorted(link.contact.full_name for link in account.links.select_related("contact"))
    assert names == ["Inés Núñez", "Raúl Peña"]
    switch = EmailSwitches.objects.get(link__account=account)
    assert switch.login and switch.email.email == "ines@ferreteria.es"
    assert "ferreteria nunez" in account.search_text and "ines@ferreteria.es" in account.search_text
    assert ClientAccount.objects.get(pk=account.pk).login_emails == 1
    verbs = set(HistoryEvent.objects.filter(account=account).values_list("verb", flat=True))
    assert {"account.created", "tags.changed", "team.added", "contact.linked"} <= verbs
    # The accountant on its team sees it; the outsider does not.
    assert (
        client_for(personas.accountant).get(reverse("clients:info", args=[account.pk])).status_code
        == 200
    )
    assert (
        client_for(personas.outsider).get(reverse("clients:info", args=[account.pk])).status_code
        == 404
    )


def test_only_members_who_manage_accounts_create_clients(client_for, personas):
    for member in (personas.accountant, personas.see_all, personas.outsider):
        assert client_for(member).get(NEW).status_code == 404
        assert client_for(member).post(NEW, new_client_data()).status_code == 404
    assert client_for(personas.client_user).get(NEW).status_code == 404
    assert not ClientAccount.objects.filter(name="Ferretería Núñez SL").exists()
    page = client_for(personas.owner).get(reverse("clients:list")).text
    assert NEW in page
    assert NEW not in client_for(personas.accountant).get(reverse("clients:list")).text


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": "  "}, "required"),
        ({"contacts": ()}, "Add at least one contact"),
        ({"contacts": ({"last_name": "Sola"},)}, "first name"),
        ({"contacts": ({"first_name": "A", "login": "on"},)}, "Login needs an email"),
        (
            {
                "contacts": (
                    {"first_name": "A", "email": "a@x.es"},
                    {"first_name": "B", "email": "A@x.es"},
                )
            },
            "same email",
        ),
        ({"contacts": ({"first_name": "A", "email": "not-an-email"},)}, "valid email"),
        ({"kind": "alien"}, "valid choice"),
        ({"tags": ["999999"]}, "valid choice"),
        ({"team": [str(10**6)]}, "valid choice"),
    ],
)
def test_bad_new_clients_write_nothing(client_for, personas, changes, message):
    before = (ClientAccount.objects.count(), Contact.objects.count(), HistoryEvent.objects.count())
    response = client_for(personas.owner).post(NEW, new_client_data(**changes))
    assert response.status_code == 400 and message in response.text
    after = (ClientAccount.objects.count(), Contact.objects.count(), HistoryEvent.objects.count())
    assert after == before


def test_duplicates_are_warned_and_existing_contacts_linked(client_for, personas):
    existing = ContactEmailFactory(contact__firm=personas.firm, email="ines@ferreteria.es")
    client = client_for(personas.owner)
    data = new_client_data(name="Panadería Nuñez sl")  # personas.account, accents and case aside
    response = client.post(NEW, data)
    assert response.status_code == 200
    assert (
        "already has a client called" in response.text
        and "ines@ferreteria.es already belongs" in response.text
    )
    assert ClientAccount.objects.filter(firm=personas.firm).count() == 2
    assert client.post(NEW, {**data, "confirmed": "1"}).status_code == 302
    account = ClientAccount.objects.get(name="Panadería Nuñez sl")
    linked = {link.contact_id for link in account.links.all()}
    assert existing.contact_id in linked and len(linked) == 2
    assert Contact.objects.filter(emails__email="ines@ferreteria.es").count() == 1


def test_new_client_into_onboarding_and_its_steps(client_for, personas):
    client = client_for(personas.admin)
    assert client.post(NEW, new_client_data(onboarding="on")).status_code == 302
    account = ClientAccount.objects.get(name="Ferretería Núñez SL")
    assert account.onboarding == "invited"
    assert listing.tab_counts(personas.admin)["onboarding"] == 1
    url = reverse("clients:move_onboarding", args=[account.pk])
    for step in ("details_submitted", "verification", "active"):
        assert client.post(url, {"step": step}).status_code == 302
        account.refresh_from_db()
        assert account.onboarding == step
    assert client.post(url, {"step": "archived"}).status_code == 302  # not a step
    account.refresh_from_db()
    assert account.onboarding == "active"
    again = client.post(url, {"step": "active"}, follow=True)
    assert "already moved" in again.text
    assert HistoryEvent.objects.filter(account=account, verb=actions.ONBOARDING_MOVED).count() == 3


def test_archive_takes_a_client_out_of_lists_counts_search_and_restore_brings_it_back(
    client_for, personas
):
    account = personas.account
    before = FirmTally.objects.get(firm=personas.firm).active_accounts
    client = client_for(personas.manager)
    url = reverse("clients:archive", args=[account.pk])
    assert client.post(url).status_code == 302
    account.refresh_from_db()
    assert account.onboarding == ARCHIVED
    assert FirmTally.objects.get(firm=personas.firm).active_accounts == before - 1
    owner = client_for(personas.owner)
    page = owner.get(reverse("clients:list") + "?tab=all").text
    assert "Panadería Núñez SL" not in page and "Talleres Ibáñez" in page
    archived = owner.get(reverse("clients:list") + "?tab=archived").text
    assert "Panadería Núñez SL" in archived and "Talleres Ibáñez" not in archived
    assert listing.tab_counts(personas.owner)["archived"] == 1
    assert not list(listing.quick_open(personas.owner, "Núñez"))
    # Its history stays, and its profile opens.
    assert HistoryEvent.objects.filter(account=account, verb=actions.ACCOUNT_ARCHIVED).exists()
    assert owner.get(reverse("clients:info", args=[account.pk])).status_code == 200
    twice = client.post(url, follow=True)
    assert "already archived" in twice.text
    assert client.post(url, {"restore": "1"}).status_code == 302
    account.refresh_from_db()
    assert account.onboarding == "active"
    assert FirmTally.objects.get(firm=personas.firm).active_accounts == before


def test_status_page_rights(client_for, personas):
    url = reverse("clients:status", args=[personas.account.pk])
    for member in (personas.owner, personas.admin, personas.manager):
        assert client_for(member).get(url).status_code == 200
    for member in (
        personas.accountant,
        personas.see_all,
        personas.outsider,
        personas.foreign_owner,
    ):
        assert client_for(member).get(url).status_code == 404
        assert (
            client_for(member)
            .post(reverse("clients:archive", args=[personas.account.pk]))
            .status_code
            == 404
        )
    assert "Delete for good" in client_for(personas.owner).get(url).text
    assert "Delete for good" not in client_for(personas.admin).get(url).text
    personas.account.refresh_from_db()
    assert personas.account.onboarding == "active"


def test_only_owners_delete_naming_what_goes(client_for, personas):
    account = personas.account
    AccountContactFactory(account=account)
    page = client_for(personas.owner).get(reverse("clients:status", args=[account.pk])).text
    assert "account–contact links" in page or "account contact" in page.lower()
    url = reverse("clients:delete", args=[account.pk])
    assert client_for(personas.admin).post(url, {"confirm_name": account.name}).status_code == 404
    wrong = client_for(personas.owner).post(url, {"confirm_name": "Panaderia"}, follow=True)
    assert "exactly" in wrong.text and ClientAccount.objects.filter(pk=account.pk).exists()
    assert client_for(personas.owner).post(url, {"confirm_name": account.name}).status_code == 302
    assert not ClientAccount.objects.filter(pk=account.pk).exists()
    assert not AccountContact.objects.filter(account_id=account.pk).exists()
    event = HistoryEvent.objects.get(verb=actions.ACCOUNT_DELETED)
    assert event.subject == "Panadería Núñez SL" and event.account is None


def test_new_client_and_status_query_counts(client_for, personas, django_assert_max_num_queries):
    for _ in range(5):
        TagFactory(firm=personas.firm)
        CustomFieldFactory(firm=personas.firm)
    client = client_for(personas.owner)
    with django_assert_max_num_queries(8):
        assert client.get(NEW).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("clients:status", args=[personas.account.pk])).status_code == 200

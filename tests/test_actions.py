import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile

from portico.clients import actions
from portico.clients.models import ClientAccount
from portico.core.models import HistoryEvent
from tests.factories import ContactEmailFactory, ContactFactory, TagFactory

pytestmark = pytest.mark.django_db
Verb = HistoryEvent.Verb


def events(account, verb):
    return list(HistoryEvent.objects.filter(account=account, verb=verb))


def test_creating_an_account_records_it_and_folds_its_search_text(personas):
    account = actions.create_account(
        member=personas.admin, name="Peluquería Ñandú", kind="company", city="Cádiz"
    )
    assert account.search_text == "peluqueria nandu"
    (event,) = events(account, Verb.ACCOUNT_CREATED)
    assert event.actor == personas.admin.user
    assert event.after == {"name": "Peluquería Ñandú", "kind": "company"}


def test_updating_records_only_what_changed(personas):
    actions.update_account(
        member=personas.owner, account=personas.account, name="Panadería Núñez SA", city="Sevilla"
    )
    (event,) = events(personas.account, Verb.ACCOUNT_UPDATED)
    assert event.before == {"name": "Panadería Núñez SL"}
    assert event.after == {"name": "Panadería Núñez SA"}
    assert "panaderia nunez sa" in ClientAccount.objects.get(pk=personas.account.pk).search_text


def test_team_changes_are_recorded_with_who_and_whom(personas):
    assert actions.add_team_member(
        member=personas.manager, account=personas.account, teammate=personas.outsider
    )
    assert not actions.add_team_member(
        member=personas.manager, account=personas.account, teammate=personas.outsider
    )
    assert actions.remove_team_member(
        member=personas.admin, account=personas.account, teammate=personas.outsider
    )
    added, removed = (
        events(personas.account, Verb.TEAM_ADDED),
        events(personas.account, Verb.TEAM_REMOVED),
    )
    assert [(e.actor, e.subject) for e in added] == [
        (personas.manager.user, str(personas.outsider))
    ]
    assert [(e.actor, e.subject) for e in removed] == [
        (personas.admin.user, str(personas.outsider))
    ]


@pytest.mark.parametrize("who", ["accountant", "see_all", "outsider"])
def test_members_without_manage_accounts_cannot_write(personas, who):
    member = getattr(personas, who)
    with pytest.raises(PermissionDenied):
        actions.create_account(member=member, name="X", kind="other")
    with pytest.raises(PermissionDenied):
        actions.add_team_member(member=member, account=personas.account, teammate=member)
    assert not HistoryEvent.objects.exists()


def test_nobody_writes_across_firms(personas):
    with pytest.raises(PermissionDenied):
        actions.update_account(
            member=personas.foreign_owner, account=personas.account, name="Mine now"
        )
    with pytest.raises(PermissionDenied):
        actions.add_team_member(
            member=personas.owner, account=personas.account, teammate=personas.foreign_owner
        )
    with pytest.raises(PermissionDenied):
        actions.set_tags(
            member=personas.owner,
            account=personas.account,
            tags=[TagFactory(firm=personas.foreign_owner.firm)],
        )
    assert personas.account.team.count() == 2


def test_contacts_link_with_emails_and_feed_the_search(personas):
    contact = actions.create_contact(
        member=personas.owner,
        first_name="Chloé",
        last_name="Dubois",
        emails=["Chloe.Dubois@Example.fr", "compta@example.fr"],
        language="fr",
    )
    assert [(e.email, e.is_primary) for e in contact.emails.all()] == [
        ("chloe.dubois@example.fr", True),
        ("compta@example.fr", False),
    ]
    link = actions.link_contact(
        member=personas.owner, account=personas.account, contact=contact, description="Gérante"
    )
    personas.account.refresh_from_db()
    assert "chloe dubois" in personas.account.search_text
    assert "compta@example.fr" in personas.account.search_text
    actions.unlink_contact(member=personas.owner, link=link)
    personas.account.refresh_from_db()
    assert "chloe" not in personas.account.search_text
    assert len(events(personas.account, Verb.CONTACT_LINKED)) == 1
    assert len(events(personas.account, Verb.CONTACT_UNLINKED)) == 1


def test_switches_are_per_account_and_recorded(personas):
    contact = ContactFactory(firm=personas.firm)
    email = ContactEmailFactory(contact=contact)
    first = actions.link_contact(member=personas.owner, account=personas.account, contact=contact)
    second = actions.link_contact(
        member=personas.owner, account=personas.other_account, contact=contact
    )
    actions.set_switches(member=personas.owner, link=first, email=email, login=True, notify=True)
    actions.set_switches(member=personas.owner, link=first, email=email, login=True)
    assert first.switches.get().login is True
    assert not second.switches.exists()
    (event,) = events(personas.account, Verb.SWITCHES_CHANGED)
    assert event.before == {"login": False, "notify": False}
    assert event.after == {"login": True, "notify": True}


def test_switches_refuse_an_email_of_another_contact(personas):
    link = actions.link_contact(
        member=personas.owner, account=personas.account, contact=ContactFactory(firm=personas.firm)
    )
    stranger = ContactEmailFactory(contact=ContactFactory(firm=personas.firm))
    with pytest.raises(PermissionDenied):
        actions.set_switches(member=personas.owner, link=link, email=stranger, login=True)


# --- A copy read before someone else's change (issue 14, fault 6; both databases) -----------
# A view reads its object, then calls the action: meanwhile a colleague may have committed.
# The action writes only the fields it changes, from the row as it is inside its transaction.


def stale(obj):
    return type(obj).objects.get(pk=obj.pk)


def test_details_saved_from_a_copy_read_before_a_photo_change_keep_the_new_photo(
    personas, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    copy = stale(personas.account)
    photo = ContentFile(b"RIFF....WEBPVP8 ", name="account-new.webp")
    actions.set_photo(member=personas.manager, account=stale(personas.account), photo=photo)
    actions.save_account_details(
        member=personas.owner, account=copy, tags=[], name="Panadería Núñez SA", kind="company"
    )
    account = stale(personas.account)
    assert account.name == "Panadería Núñez SA"
    assert account.photo.name.endswith("account-new.webp")

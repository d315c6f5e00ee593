"""The test client (A-11) under attack (issue 15): the preview runs only as the firm's own
synthetic test user and writes only on the test account (fault 2); opening the page changes
nothing and a test account deleted in the admin never makes it fail (fault 6)."""

import pytest
from django.urls import reverse

from portico.clients.models import AccountContact, ClientAccount, EmailSwitches
from portico.core.models import HistoryEvent
from portico.firms.models import User
from portico.portal import actions, queries
from portico.portal.models import NotificationPreference, PortalIdentity, PortalSettings
from tests.factories import ContactEmailFactory, ContactFactory, DocumentFactory
from tests.portal_setup import client_user_on

pytestmark = pytest.mark.django_db
TEST_CLIENT = reverse("access:test_client")
SETTINGS = reverse("access:settings")
REAL = "rocio@ferreteria.es"


def _preview(client, account):
    response = client.post(reverse("access:open_test_client", args=[account.pk]))
    assert response.url == reverse("portal:account", args=[account.pk])
    return client


@pytest.fixture
def real_client_on_test_account(personas):
    """A real client user of the other firm, whose address the firm also links — with Login on
    and an identity — to its own test account, before the test client's user exists."""
    user, foreign_email = client_user_on(
        personas.foreign_owner.firm, personas.foreign_account, address=REAL
    )
    test_account = actions.ensure_test_client(personas.firm)
    contact = ContactFactory(firm=personas.firm, first_name="Rocío")
    email = ContactEmailFactory(contact=contact, email=REAL)
    link = AccountContact.objects.create(account=test_account, contact=contact)
    EmailSwitches.objects.create(link=link, email=email, login=True)
    PortalIdentity.objects.create(user=user, email=email)
    assert user.pk < queries.test_user(personas.firm, test_account).pk  # the old preview's pick
    return user, foreign_email, email, test_account


def test_the_preview_runs_as_the_firms_synthetic_test_user(
    client_for, personas, real_client_on_test_account
):
    user, foreign_email, email, test_account = real_client_on_test_account
    owner = _preview(client_for(personas.owner), test_account)
    page = owner.get(reverse("portal:settings"))
    assert page.status_code == 200
    assert page.context["viewer"].user.email == queries.test_address(personas.firm)
    shown = {e.email for e, _ in page.context["prefs_forms"]}
    assert shown == {queries.test_address(personas.firm)}
    assert REAL not in page.content.decode()


def test_the_preview_cannot_touch_the_other_firm_nor_the_real_client(
    client_for, personas, real_client_on_test_account
):
    user, foreign_email, email, test_account = real_client_on_test_account
    owner = _preview(client_for(personas.owner), test_account)
    for target in (foreign_email, email):
        response = owner.post(reverse("portal:notifications", args=[target.pk]), {})
        assert response.status_code == 404
    assert (
        owner.get(reverse("portal:account", args=[personas.foreign_account.pk])).status_code == 404
    )
    for path in ("portal:language", "portal:password"):
        owner.post(reverse(path), {"language": "fr", "old_password": "x"})
    assert not NotificationPreference.objects.exists()
    assert not HistoryEvent.objects.filter(actor=user).exists()
    assert not HistoryEvent.objects.filter(firm=personas.foreign_owner.firm).exists()
    foreign_email.contact.refresh_from_db()
    assert foreign_email.contact.language == "es"


def test_the_preview_writes_on_the_test_account_only(client_for, personas):
    test_account = actions.ensure_test_client(personas.firm)
    owner = _preview(client_for(personas.owner), test_account)
    test_email = PortalIdentity.objects.get(email__email=queries.test_address(personas.firm)).email
    response = owner.post(reverse("portal:notifications", args=[test_email.pk]), {})
    assert response.status_code == 302
    # every event turned off (the form posted with none ticked)
    assert NotificationPreference.objects.get(email=test_email).muted == [
        "document_shared",
        "invoice_sent",
    ]
    DocumentFactory(account=personas.account, shared=True)
    url = reverse("portal:documents", args=[personas.account.pk])
    assert owner.post(url, {}).status_code == 404


def test_the_viewer_refuses_writes_outside_the_test_account(personas):
    from portico.portal.access import Viewer

    test_account = actions.ensure_test_client(personas.firm)
    user = queries.test_user(personas.firm, test_account)
    viewer = Viewer(
        user=user, accounts=None, language="en", preview=True, test_account=test_account
    )
    other = ContactEmailFactory(contact__firm=personas.firm)
    assert viewer.may_write(account=test_account)
    assert not viewer.may_write(account=personas.account)
    assert not viewer.may_write(email=other)
    assert not viewer.may_write()
    assert viewer.may_write(email=PortalIdentity.objects.get(user=user).email)


# --- Fault 6: a GET never changes state -------------------------------------------------------


def test_opening_the_test_client_page_creates_nothing(client_for, personas):
    users, accounts = User.objects.count(), ClientAccount.objects.count()
    owner = client_for(personas.owner)
    response = owner.get(TEST_CLIENT)
    assert response.status_code == 302 and response.url == SETTINGS
    assert (User.objects.count(), ClientAccount.objects.count()) == (users, accounts)
    page = owner.get(SETTINGS).content.decode()
    assert f'<form method="post" action="{TEST_CLIENT}">' in page  # Create is a POST
    assert owner.post(TEST_CLIENT).status_code == 302
    assert ClientAccount.objects.count() == accounts + 1


@pytest.mark.parametrize("who", ["accountant", "outsider", "see_all", "client_user"])
def test_members_who_dont_manage_the_portal_get_404(client_for, personas, who):
    client = client_for(getattr(personas, who))
    assert client.get(TEST_CLIENT).status_code == 404
    assert client.post(TEST_CLIENT).status_code == 404
    assert not PortalSettings.objects.filter(test_account__isnull=False).exists()


def test_another_firms_owner_makes_their_own_firms_test_client(client_for, personas):
    client_for(personas.foreign_owner).post(TEST_CLIENT)
    made = PortalSettings.objects.get(test_account__isnull=False)
    assert made.firm == personas.foreign_owner.firm == made.test_account.firm


def test_a_test_account_deleted_in_the_admin_is_made_again(client_for, personas):
    owner = client_for(personas.owner)
    owner.post(TEST_CLIENT)
    first = queries.test_client_account(personas.firm)
    users = User.objects.count()
    first.delete()  # as Django admin does: the contact, its email and the user are left over
    assert owner.get(TEST_CLIENT).url == SETTINGS
    assert owner.get(SETTINGS).status_code == 200
    response = owner.post(TEST_CLIENT)
    again = queries.test_client_account(personas.firm)
    assert response.url == reverse("clients:info", args=[again.pk]) and again.pk != first.pk
    assert User.objects.count() == users  # the leftover user is the test user again
    page = _preview(owner, again).get(reverse("portal:account", args=[again.pk]))
    assert page.status_code == 200


def test_a_test_user_deleted_in_the_admin_is_made_again(client_for, personas):
    owner = client_for(personas.owner)
    owner.post(TEST_CLIENT)
    account = queries.test_client_account(personas.firm)
    User.objects.filter(email=queries.test_address(personas.firm)).delete()
    response = owner.post(reverse("access:open_test_client", args=[account.pk]))
    assert owner.get(response.url).status_code == 404  # no synthetic user: no preview
    owner.post(TEST_CLIENT)
    assert _preview(owner, account).get(response.url).status_code == 200

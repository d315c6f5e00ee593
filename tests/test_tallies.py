"""The tallies the database keeps (clients/tallies.py), and the portal's Pending activation set,
count and sort keys (portal/pending.py), always equal what the rows say, whatever wrote them:
the ORM one row at a time, bulk inserts, queryset updates and cascading deletes."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portico.clients import tallies
from portico.clients.models import (
    AccountContact,
    ClientAccount,
    ContactEmail,
    EmailSwitches,
    FirmTally,
    MemberTally,
    TeamMembership,
)
from portico.firms.models import Firm, Member
from portico.portal import pending
from portico.portal.models import Invitation, PendingEmail, PendingTally, PortalIdentity
from tests import factories as f

pytestmark = pytest.mark.django_db
ACTIVE = ClientAccount.Onboarding.ACTIVE


def counted(firm):
    """What the tallies should say, counted by the ORM."""
    pending = ContactEmail.objects.filter(
        contact__firm=firm, switches__login=True, portal_identity__isnull=True
    ).distinct()
    members = Member.objects.filter(firm=firm).order_by("pk")
    accounts = ClientAccount.objects.filter(firm=firm)
    return {
        "logins": {
            a.pk: EmailSwitches.objects.filter(link__account=a, login=True).count()
            for a in accounts
        },
        "active": ClientAccount.objects.filter(firm=firm, onboarding=ACTIVE).count(),
        "pending": pending.count(),
        "emails": {email.pk: keys_of(email) for email in pending},
        "team": {
            m.pk: TeamMembership.objects.filter(member=m, account__onboarding=ACTIVE).count()
            for m in members
        },
    }


def keys_of(email):
    """The pending email's sort keys, as its invitations and address say."""
    live = Invitation.objects.filter(email=email, status__in=Invitation.LIVE).first()
    sent_at = live.sent_at if live else None
    return (email.email, sent_at is None, sent_at)


def kept(firm):
    tally = FirmTally.objects.get(firm=firm)
    members = MemberTally.objects.filter(member__firm=firm).order_by("member")
    return {
        "logins": dict(ClientAccount.objects.filter(firm=firm).values_list("pk", "login_emails")),
        "active": tally.active_accounts,
        "pending": PendingTally.objects.get(firm=firm).pending_emails,
        "emails": {
            pk: tuple(keys)
            for pk, *keys in PendingEmail.objects.filter(firm=firm).values_list(
                "email", "address", "unsent", "sent_at"
            )
        },
        "team": {t.member_id: t.active_accounts for t in members},
    }


@pytest.fixture
def firm():
    return f.FirmFactory()


def test_a_new_firm_and_member_start_at_zero(firm):
    member = f.MemberFactory(firm=firm)
    assert kept(firm) == {
        "logins": {},
        "active": 0,
        "pending": 0,
        "emails": {},
        "team": {member.pk: 0},
    }


def test_accounts_count_while_active_and_on_a_team(firm):
    member = f.MemberFactory(firm=firm)
    account = f.AccountFactory(firm=firm)
    f.AccountFactory(firm=firm, onboarding=ClientAccount.Onboarding.INVITED)
    f.TeamMembershipFactory(account=account, member=member)
    assert kept(firm) == counted(firm)
    assert kept(firm)["active"] == 1 and kept(firm)["team"] == {member.pk: 1}

    ClientAccount.objects.filter(pk=account.pk).update(onboarding="verification")
    assert kept(firm) == counted(firm)
    assert kept(firm)["active"] == 0 and kept(firm)["team"] == {member.pk: 0}

    ClientAccount.objects.filter(firm=firm).update(onboarding=ACTIVE)
    assert kept(firm) == counted(firm)
    assert kept(firm)["active"] == 2 and kept(firm)["team"] == {member.pk: 1}

    account.delete()
    assert kept(firm) == counted(firm)
    assert kept(firm)["active"] == 1 and kept(firm)["team"] == {member.pk: 0}


def test_an_email_is_pending_from_its_first_login_until_it_activates(firm):
    account = f.AccountFactory(firm=firm)
    switches = f.EmailSwitchesFactory(link__account=account, login=True)
    other = f.AccountContactFactory(
        account=f.AccountFactory(firm=firm), contact=switches.link.contact
    )
    second = EmailSwitches.objects.create(link=other, email=switches.email, login=True)
    assert kept(firm)["pending"] == 1  # one email, though Login is on for two accounts

    second.login = False
    second.save()
    assert kept(firm)["pending"] == 1
    EmailSwitches.objects.filter(pk=switches.pk).update(login=False)
    assert kept(firm)["pending"] == 0

    EmailSwitches.objects.filter(email=switches.email).update(login=True)
    identity = f.PortalIdentityFactory(email=switches.email)
    assert kept(firm)["pending"] == 0
    identity.delete()
    assert kept(firm)["pending"] == 1

    switches.email.contact.delete()  # cascades to its emails, links and switches
    assert kept(firm) == counted(firm)
    assert kept(firm)["pending"] == 0


def test_a_pending_emails_sort_keys_follow_its_invitations_and_address(firm):
    switches = f.EmailSwitchesFactory(link__account__firm=firm, login=True)
    email, account = switches.email, switches.link.account

    def keys():
        row = PendingEmail.objects.get(email=email)
        return row.address, row.unsent, row.sent_at

    assert keys() == (email.email, True, None)
    first = f.InvitationFactory(account=account, email=email)  # queued
    assert keys() == (email.email, True, None)
    sent = timezone.now() - timedelta(days=2)
    Invitation.objects.filter(pk=first.pk).update(status=Invitation.Status.SENT, sent_at=sent)
    assert keys() == (email.email, False, sent)
    first.status = Invitation.Status.REPLACED
    first.save()
    second = f.InvitationFactory(account=account, email=email, status="sent", sent_at=sent)
    assert keys() == (email.email, False, sent)
    second.delete()
    assert keys() == (email.email, True, None)
    ContactEmail.objects.filter(pk=email.pk).update(email="nueva@example.es")
    assert keys() == ("nueva@example.es", True, None)
    assert kept(firm) == counted(firm)


def test_bulk_inserts_count_every_row(firm):
    accounts = ClientAccount.objects.bulk_create(
        [ClientAccount(firm=firm, name=f"Bulk {n}", search_text=f"bulk {n}") for n in range(30)]
    )
    links = [f.AccountContactFactory(account=account) for account in accounts[:10]]
    emails = [f.ContactEmailFactory(contact=link.contact) for link in links]
    EmailSwitches.objects.bulk_create(
        [
            EmailSwitches(link=link, email=email, login=True)
            for link, email in zip(links, emails, strict=True)
        ]
    )
    PortalIdentity.objects.bulk_create(
        [PortalIdentity(email=email, user=f.UserFactory()) for email in emails[:4]]
    )
    assert kept(firm) == counted(firm)
    assert kept(firm)["active"] == 30
    assert kept(firm)["pending"] == 6


def test_recount_agrees_with_the_triggers(firm):
    f.EmailSwitchesFactory(link__account__firm=firm, login=True)
    f.TeamMembershipFactory(account__firm=firm, member__firm=firm)
    before = kept(firm)
    FirmTally.objects.update(active_accounts=99)
    PendingTally.objects.update(pending_emails=99)
    ClientAccount.objects.update(login_emails=99)
    PendingEmail.objects.update(address="", unsent=False)
    tallies.recount()
    pending.recount()
    assert kept(firm) == before == counted(firm)


def test_deleting_a_firm_takes_its_tallies(firm):
    f.TeamMembershipFactory(account__firm=firm, member__firm=firm)
    firm.delete()
    assert not FirmTally.objects.filter(firm=firm.pk).exists()
    assert not PendingTally.objects.filter(firm=firm.pk).exists()
    assert not Firm.objects.filter(pk=firm.pk).exists()


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "account",
                "onboard",
                "activate",
                "team",
                "leave",
                "login",
                "logout",
                "identity",
                "unidentify",
                "delete_account",
                "delete_contact",
                "move_link",
                "logout_all",
                "invite",
                "send",
                "cancel",
                "readdress",
            ]
        ),
        st.integers(min_value=0, max_value=5),
    ),
    max_size=25,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=OPERATIONS)
def test_any_sequence_of_writes_keeps_the_tallies_true(firm, operations):
    members = [f.MemberFactory(firm=firm) for _ in range(2)]
    for name, n in operations:
        apply(firm, members, name, n)
        assert kept(firm) == counted(firm), (name, n)


def nth(queryset, n):
    rows = list(queryset.order_by("pk"))
    return rows[n % len(rows)] if rows else None


def apply(firm, members, name, n):
    accounts = ClientAccount.objects.filter(firm=firm)
    switches = EmailSwitches.objects.filter(link__account__firm=firm)
    if name == "account":
        f.EmailSwitchesFactory(link__account__firm=firm, login=n % 2 == 0)
    elif name in ("onboard", "activate") and (account := nth(accounts, n)):
        account.onboarding = ACTIVE if name == "activate" else "invited"
        account.save()
    elif name == "team" and (account := nth(accounts, n)):
        TeamMembership.objects.get_or_create(account=account, member=members[n % 2])
    elif name == "leave" and (
        membership := nth(TeamMembership.objects.filter(member__firm=firm), n)
    ):
        membership.delete()
    elif name in ("login", "logout") and (row := nth(switches, n)):
        row.login = name == "login"
        row.save()
    elif name == "identity" and (row := nth(switches.filter(email__portal_identity=None), n)):
        f.PortalIdentityFactory(email=row.email, user=f.UserFactory())
    elif name == "unidentify":
        PortalIdentity.objects.filter(email__contact__firm=firm).delete()
    elif name == "delete_account" and (account := nth(accounts, n)):
        account.delete()
    elif name == "delete_contact" and (row := nth(switches, n)):
        row.email.contact.delete()
    elif name == "move_link" and (row := nth(switches, n)) and (account := nth(accounts, n + 1)):
        AccountContact.objects.filter(pk=row.link_id).update(account=account)
    elif name == "logout_all":
        switches.filter(login=True).update(login=False)
    elif name == "invite" and (row := nth(switches, n)):
        live = Invitation.objects.filter(email=row.email, status__in=Invitation.LIVE)
        live.update(status=Invitation.Status.REPLACED)
        f.InvitationFactory(account=row.link.account, email=row.email)
    elif name == "send" and (invitation := nth(Invitation.objects.filter(status="queued"), n)):
        invitation.status = Invitation.Status.SENT
        invitation.sent_at = timezone.now() - timedelta(days=n)
        invitation.save()
    elif name == "cancel":
        live = Invitation.objects.filter(firm=firm, status__in=Invitation.LIVE)
        live.update(status=Invitation.Status.CANCELLED)
    elif name == "readdress" and (row := nth(switches, n)):
        ContactEmail.objects.filter(pk=row.email_id).update(email=f"renamed{n}@example.es")

"""Firm-scoped reads of client accounts: everything a view shows comes through here."""

from django.db.models import Count, Exists, OuterRef, Q

from portico.clients import search
from portico.clients.models import (
    AccountContact,
    ClientAccount,
    ConnectionRequest,
    Contact,
    ContactEmail,
    CustomField,
    EmailSwitches,
    Tag,
    TeamMembership,
)
from portico.core import rights
from portico.core.models import HistoryEvent
from portico.core.rights import Right
from portico.core.text import fold
from portico.firms.models import Member


def visible_accounts(member, *, probe=False):
    """The accounts `member` may open (F-3): all of the firm's, or those whose team they are on
    (checked row by row with `probe`: see member_of)."""
    accounts = ClientAccount.objects.filter(firm=member.firm)
    if rights.has(member, Right.SEE_ALL_ACCOUNTS):
        return accounts
    if probe:
        return accounts.filter(on_team(member, probe=True))
    return accounts.filter(teammembership__member=member)


def on_team(member, probe=False):
    """The condition that an account has `member` on its team."""
    return member_of(TeamMembership.objects.filter(member=member), "account", probe)


def member_of(rows, column, probe=False):
    """The condition that an account is among `rows`' `column` (a tag's accounts, a team).

    By default the set is collected first (IN), which suits a small one. With `probe`, each
    account is checked as a sorted index is read (EXISTS), which stops after a page where
    collecting a large set would read and sort all of it; SQLite follows the form it is given,
    PostgreSQL plans both alike."""
    if probe:
        return Exists(rows.filter(**{column: OuterRef("pk")}))
    return Q(pk__in=rows.values(column))


def editable_accounts(member):
    """The accounts `member` may edit (P-1): owners, admins and members with *manage accounts*."""
    return rights.scope(member, Right.MANAGE_ACCOUNTS, visible_accounts(member))


def firm_members(member):
    return Member.objects.filter(firm=member.firm, is_active=True).select_related("user")


# --- Client profile (P-4, P-5) -------------------------------------------------------------


class EmailRow:
    """One contact email on one account, with its switches (a missing row: all off)."""

    def __init__(self, link, email, switches=None):
        self.link, self.email, self.switches = link, email, switches

    @property
    def login(self):
        return bool(self.switches and self.switches.login)

    @property
    def notify(self):
        return bool(self.switches and self.switches.notify)

    @property
    def email_sync(self):
        return bool(self.switches and self.switches.email_sync)

    def states(self):
        return [("login", self.login), ("notify", self.notify), ("email_sync", self.email_sync)]


def contact_rows(account):
    """The account's links in alphabetical order of the contact's name, each with its emails
    (primary first) and their switches on this account: three queries whatever the size."""
    links = (
        AccountContact.objects.filter(account=account)
        .select_related("contact")
        .prefetch_related("contact__emails", "switches")
    )
    rows = []
    for link in sorted(links, key=lambda link: (fold(link.contact.full_name), link.pk)):
        by_email = {s.email_id: s for s in link.switches.all()}
        link.email_rows = [EmailRow(link, e, by_email.get(e.pk)) for e in link.contact.emails.all()]
        rows.append(link)
    return rows


def email_row(link, email):
    return EmailRow(link, email, EmailSwitches.objects.filter(link=link, email=email).first())


def account_team(account):
    return Member.objects.filter(teammembership__account=account).select_related("user")


def team_history(account, limit=100):
    """Who added or removed whom on the account's team, and by whom: latest first."""
    verbs = [HistoryEvent.Verb.TEAM_ADDED, HistoryEvent.Verb.TEAM_REMOVED]
    events = HistoryEvent.objects.filter(account=account, verb__in=verbs)
    return events.select_related("actor").order_by("-created_at", "-id")[:limit]


def related_accounts(member, account):
    """Accounts sharing a contact with `account`, among those `member` may see."""
    shared = AccountContact.objects.filter(account=account).values("contact")
    return (
        visible_accounts(member)
        .filter(links__contact__in=shared)
        .exclude(pk=account.pk)
        .distinct()
        .order_by("name", "pk")
    )


def custom_fields(member, applies_to):
    return CustomField.objects.filter(firm=member.firm, applies_to=applies_to)


def firm_tags(member):
    return Tag.objects.filter(firm=member.firm).order_by("name")


def editable_links(member):
    """Account–contact links on accounts `member` may edit."""
    return AccountContact.objects.filter(account__in=editable_accounts(member)).select_related(
        "account", "contact"
    )


def emails_of(contact):
    return contact.emails.all()


def linkable_contacts(member, account):
    """The firm's contacts not yet linked to `account`."""
    return Contact.objects.filter(firm=member.firm).exclude(links__account=account)


def contacts_to_link(member, account, text, limit=20):
    """The firm's contacts not linked to `account` whose names or emails contain every word of
    `text`, folded as Search clients folds them (C-4), through the contacts' trigram index."""
    if not fold(text).split():
        return Contact.objects.none()
    found = search.matching(linkable_contacts(member, account), text, fts=search.CONTACTS_FTS_TABLE)
    return found.prefetch_related("emails").order_by("first_name", "last_name", "pk")[:limit]


def connection_requests(member):
    """The firm's requests to connect (C-1), answered ones too: only owners and admins see them."""
    requests = ConnectionRequest.objects.filter(firm=member.firm)
    return rights.scope(member, Right.MANAGE_FIRM, requests)


def managed_tags(member):
    """The firm's tags with `accounts` (how many accounts carry each), for owners and admins;
    none for anyone else (get_for_member answers 404)."""
    if not rights.has(member, rights.Right.MANAGE_FIRM):
        return Tag.objects.none()
    return Tag.objects.filter(firm=member.firm_id).annotate(accounts_count=Count("accounts"))


def managed_custom_fields(member):
    """The firm's custom fields, accounts' then contacts', in their order, for owners and
    admins; none for anyone else."""
    if not rights.has(member, rights.Right.MANAGE_FIRM):
        return CustomField.objects.none()
    return CustomField.objects.filter(firm=member.firm_id).order_by("applies_to", "position", "pk")


def contacts_by_email(member, emails) -> dict:
    """The firm's contacts these addresses (lower-cased) already belong to: {email: contact}."""
    found = ContactEmail.objects.filter(contact__firm=member.firm_id, email__in=list(emails))
    return {e.email: e.contact for e in found.select_related("contact")}


def same_name_exists(member, name) -> bool:
    """Whether the firm already has an account of this name, accents and case aside (the
    New client page's duplicate warning; archived ones included)."""
    return ClientAccount.objects.filter(firm=member.firm_id, name_key=fold(name)[:200]).exists()


def account_emails(member, account):
    """The emails sent about `account` (W-6), newest first, for whoever may see the account."""
    from portico.messaging.models import EmailLog

    visible = visible_accounts(member).filter(pk=account.pk)
    return EmailLog.objects.filter(account__in=visible).defer("body_text", "body_html")


def latest_account_emails(member, account):
    """The Overview's Emails card (P-3): the five latest emails sent about `account` (W-6)."""
    return account_emails(member, account).order_by("-created_at", "-pk")[:5]

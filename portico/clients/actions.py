"""Writes to client accounts and contacts: each checks the right, runs in one transaction and
records its History event (X-1)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from portico.clients.models import (
    AccountContact,
    ClientAccount,
    Contact,
    ContactEmail,
    EmailSwitches,
    TeamMembership,
)
from portico.core.history import record
from portico.core.models import HistoryEvent
from portico.core.text import fold

Verb = HistoryEvent.Verb
ACCOUNT_FIELDS = ("name", "kind", "street", "postal_code", "city", "region", "country")


def require_manage_accounts(member):
    if not member.manages_accounts:
        raise PermissionDenied


def require_same_firm(member, *objects):
    if any(obj.firm_id != member.firm_id for obj in objects):
        raise PermissionDenied


@transaction.atomic
def create_account(*, member, name, kind, custom_values=None, **address):
    require_manage_accounts(member)
    account = ClientAccount.objects.create(
        firm=member.firm, name=name, kind=kind, custom_values=custom_values or {}, **address
    )
    refresh_search_text(account)
    record(
        actor=member.user,
        firm=member.firm,
        account=account,
        verb=Verb.ACCOUNT_CREATED,
        subject=account.name,
        after={"name": name, "kind": kind},
    )
    return account


@transaction.atomic
def update_account(*, member, account, **changes):
    require_manage_accounts(member)
    require_same_firm(member, account)
    before = {f: getattr(account, f) for f in changes}
    for field, value in changes.items():
        setattr(account, field, value)
    account.save()
    changed = {f: v for f, v in changes.items() if before[f] != v}
    if "name" in changed:
        refresh_search_text(account)
    if changed:
        record(
            actor=member.user,
            firm=member.firm,
            account=account,
            verb=Verb.ACCOUNT_UPDATED,
            subject=account.name,
            before={f: before[f] for f in changed},
            after=changed,
        )
    return account


@transaction.atomic
def add_team_member(*, member, account, teammate):
    require_manage_accounts(member)
    require_same_firm(member, account, teammate)
    _, created = TeamMembership.objects.get_or_create(account=account, member=teammate)
    if created:
        record(
            actor=member.user,
            firm=member.firm,
            account=account,
            verb=Verb.TEAM_ADDED,
            subject=str(teammate),
            after={"member": teammate.pk},
        )
    return created


@transaction.atomic
def remove_team_member(*, member, account, teammate):
    require_manage_accounts(member)
    require_same_firm(member, account, teammate)
    deleted, _ = TeamMembership.objects.filter(account=account, member=teammate).delete()
    if deleted:
        record(
            actor=member.user,
            firm=member.firm,
            account=account,
            verb=Verb.TEAM_REMOVED,
            subject=str(teammate),
            before={"member": teammate.pk},
        )
    return bool(deleted)


@transaction.atomic
def set_tags(*, member, account, tags):
    require_manage_accounts(member)
    require_same_firm(member, account, *tags)
    before = sorted(t.name for t in account.tags.all())
    account.tags.set(tags)
    after = sorted(t.name for t in tags)
    if before != after:
        record(
            actor=member.user,
            firm=member.firm,
            account=account,
            verb=Verb.TAGS_CHANGED,
            subject=account.name,
            before={"tags": before},
            after={"tags": after},
        )


@transaction.atomic
def create_contact(*, member, first_name, last_name="", emails=(), **fields):
    """A new contact with its emails, the first one primary."""
    require_manage_accounts(member)
    contact = Contact.objects.create(
        firm=member.firm, first_name=first_name, last_name=last_name, **fields
    )
    ContactEmail.objects.bulk_create(
        ContactEmail(contact=contact, email=email.strip().lower(), is_primary=i == 0)
        for i, email in enumerate(emails)
    )
    record(
        actor=member.user,
        firm=member.firm,
        verb=Verb.CONTACT_CREATED,
        subject=contact.full_name,
        after={"contact": contact.pk, "emails": list(emails)},
    )
    return contact


@transaction.atomic
def link_contact(*, member, account, contact, description="", signer_priority=None):
    require_manage_accounts(member)
    require_same_firm(member, account, contact)
    if signer_priority is None:
        signer_priority = account.links.count() + 1
    link, created = AccountContact.objects.get_or_create(
        account=account,
        contact=contact,
        defaults={"description": description, "signer_priority": signer_priority},
    )
    if created:
        refresh_search_text(account)
        record(
            actor=member.user,
            firm=member.firm,
            account=account,
            verb=Verb.CONTACT_LINKED,
            subject=contact.full_name,
            after={"contact": contact.pk, "description": description},
        )
    return link


@transaction.atomic
def unlink_contact(*, member, link):
    require_manage_accounts(member)
    account, contact = link.account, link.contact
    require_same_firm(member, account)
    link.delete()
    refresh_search_text(account)
    record(
        actor=member.user,
        firm=member.firm,
        account=account,
        verb=Verb.CONTACT_UNLINKED,
        subject=contact.full_name,
        before={"contact": contact.pk},
    )


@transaction.atomic
def set_switches(*, member, link, email, **switches):
    """Turn Login, Notify, Email sync or signing authority on or off for an email on an account."""
    require_manage_accounts(member)
    require_same_firm(member, link.account)
    if email.contact_id != link.contact_id:
        raise PermissionDenied
    row, _ = EmailSwitches.objects.get_or_create(link=link, email=email)
    before = {name: getattr(row, name) for name in switches}
    changed = {name: value for name, value in switches.items() if before[name] != value}
    if not changed:
        return row
    for name, value in changed.items():
        setattr(row, name, value)
    row.save()
    record(
        actor=member.user,
        firm=member.firm,
        account=link.account,
        verb=Verb.SWITCHES_CHANGED,
        subject=email.email,
        before={n: before[n] for n in changed},
        after=changed,
    )
    return row


def refresh_search_text(account):
    """Rebuild what "Search clients" matches: the name, contact names and every contact email."""
    parts = [account.name]
    for contact in Contact.objects.filter(links__account=account).prefetch_related("emails"):
        parts.append(contact.full_name)
        parts.extend(e.email for e in contact.emails.all())
    text = fold(" ".join(parts))
    ClientAccount.objects.filter(pk=account.pk).update(search_text=text)
    account.search_text = text

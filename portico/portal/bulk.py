"""More actions → Edit login, notify, email sync (A-4, C-8): the switches of every contact email
of the selected accounts, and invitations for those with Login on. All in one transaction; the
emails themselves go out from the worker."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from portico.clients.models import AccountContact, EmailSwitches
from portico.core import rights
from portico.core.history import event, record_many
from portico.core.inserts import insert
from portico.core.models import HistoryEvent
from portico.core.rights import Right
from portico.portal import actions, queries
from portico.portal.models import InvitationBatch, PortalIdentity

SWITCHES = ("login", "notify", "email_sync")
# A contact email without a switches row has them all at their defaults (off).
DEFAULTS = {name: EmailSwitches._meta.get_field(name).get_default() for name in SWITCHES}


@dataclass
class Outcome:
    changed: int = 0  # contact emails whose switches changed
    invited: int = 0
    left_out: Counter = field(default_factory=Counter)  # addresses not invited, per reason
    already: int = 0  # left out because they were invited after the page was shown
    batch: InvitationBatch | None = None


def _pairs(accounts):
    """(link id, account id, email id, address) of every contact email of the accounts."""
    return list(
        AccountContact.objects.filter(account__in=accounts, contact__emails__isnull=False)
        .order_by("account__name_key", "account_id", "pk", "contact__emails__pk")
        .values_list("pk", "account_id", "contact__emails__pk", "contact__emails__email")
    )


def _apply_switches(member, accounts, pairs, wanted):
    """Set the wanted switches on every pair; returns the effective Login per pair and how many
    rows changed, with one History event per changed row."""
    # Joined to the accounts rather than listing thousands of link ids in the query.
    existing = {
        (s.link_id, s.email_id): s for s in EmailSwitches.objects.filter(link__account__in=accounts)
    }
    new_rows, changed_rows, events, login = [], [], [], {}
    for link_id, account_id, email_id, address in pairs:
        row = existing.get((link_id, email_id))
        before = {name: getattr(row, name) if row else DEFAULTS[name] for name in wanted}
        changed = {name: value for name, value in wanted.items() if before[name] != value}
        login[(link_id, email_id)] = wanted.get("login", row.login if row else DEFAULTS["login"])
        if not changed:
            continue
        if row is None:
            new_rows.append({"link_id": link_id, "email_id": email_id, **changed})
        else:
            for name, value in changed.items():
                setattr(row, name, value)
            changed_rows.append(row)
        events.append(
            event(
                firm=member.firm_id,
                account=account_id,
                actor=member.user_id,
                verb=HistoryEvent.Verb.SWITCHES_CHANGED,
                subject=address,
                before={n: before[n] for n in changed},
                after=changed,
            )
        )
    insert(EmailSwitches, new_rows)
    if changed_rows:
        EmailSwitches.objects.bulk_update(changed_rows, list(wanted), batch_size=500)
    record_many(events)
    return login, len(events)


def _activated(accounts) -> set[int]:
    """The contact emails of the accounts that have activated their portal access."""
    identities = PortalIdentity.objects.filter(email__contact__links__account__in=accounts)
    return set(identities.values_list("email_id", flat=True))


def _invitation_targets(pairs, login, active):
    """One (account id, email id, address) per contact email with Login on, not yet active."""
    targets = {}
    for link_id, account_id, email_id, address in pairs:
        if login[(link_id, email_id)] and email_id not in active:
            targets.setdefault(email_id, (account_id, email_id, address))
    return list(targets.values())


@transaction.atomic
def edit_access(*, member, accounts, switches, invite=False, message="", shown_at=None):
    """`switches` maps login / notify / email_sync to True or False (absent: left as is).
    Emails invited after `shown_at` are not invited again (actions.invited_since)."""
    rights.require(member, Right.MANAGE_ACCOUNTS)
    wanted = {name: value for name, value in switches.items() if name in SWITCHES}
    # Read before any switch changes: `accounts` may be a query on them (e.g. disconnected).
    pairs, active = _pairs(accounts), _activated(accounts) if invite else set()
    login, changed = _apply_switches(member, accounts, pairs, wanted)
    outcome = Outcome(changed=changed)
    if not invite:
        return outcome
    targets = _invitation_targets(pairs, login, active)
    email_ids = [email_id for _, email_id, _ in targets]
    actions.lock_emails(email_ids)
    already = actions.invited_since(member, email_ids, shown_at)
    targets = [t for t in targets if t[1] not in already]
    outcome.already = len(already)
    left_out = queries.not_invitable(address for *_, address in targets)
    targets = [t for t in targets if t[2] not in left_out]
    outcome.left_out = Counter(left_out.values())
    if not targets:
        return outcome
    outcome.batch = InvitationBatch.objects.create(
        firm=member.firm, created_by=member.user, total=len(targets)
    )
    ids = actions.queue_invitations(
        member=member,
        targets=[(account_id, email_id) for account_id, email_id, _ in targets],
        message=message,
        batch=outcome.batch,
    )
    actions.enqueue_sending(ids)
    outcome.invited = len(ids)
    return outcome

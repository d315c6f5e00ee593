"""Writes started from the Clients page: bulk tags and team changes (C-8) and the answers to
connection requests (C-1). Each runs in one transaction: all rows change, or none."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portico.clients import actions
from portico.clients.models import ClientAccount, ConnectionRequest, Tag, TeamMembership
from portico.core import rights
from portico.core.history import event, record, record_many
from portico.core.locking import AlreadyDone, lock
from portico.core.models import HistoryEvent
from portico.core.rights import Right

Verb = HistoryEvent.Verb
Status = ConnectionRequest.Status
BATCH = 2000
ALREADY_ANSWERED = {
    Status.ACCEPTED: _("The invitation from %(name)s was already accepted."),
    Status.DECLINED: _("The invitation from %(name)s was already declined."),
}


def _events(member, accounts, verb, subject, before=None, after=None):
    """One History event per account id of `accounts`."""
    return (
        event(
            firm=member.firm_id,
            account=pk,
            actor=member.user_id,
            verb=verb,
            subject=subject,
            before=before,
            after=after,
        )
        for pk in accounts
    )


@transaction.atomic
def bulk_tag(*, member, accounts, tag, add):
    """Add `tag` to, or remove it from, every account of the `accounts` queryset. The tag is
    locked: the same change started twice (a double click) runs once, then finds nothing to do."""
    rights.require(member, Right.MANAGE_ACCOUNTS, tag)
    lock(tag)
    Link = Tag.accounts.through
    tagged = Link.objects.filter(tag=tag, clientaccount__in=accounts)
    if add:
        pks = list(
            accounts.exclude(pk__in=tagged.values("clientaccount")).values_list("pk", flat=True)
        )
        Link.objects.bulk_create(  # an account tagged on its profile meanwhile: no conflict
            [Link(clientaccount_id=pk, tag=tag) for pk in pks],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        change = {"after": {"added": tag.name}}
    else:
        pks = list(tagged.values_list("clientaccount_id", flat=True))
        Link.objects.filter(tag=tag, clientaccount_id__in=pks).delete()
        change = {"before": {"removed": tag.name}}
    record_many(_events(member, pks, Verb.TAGS_CHANGED, tag.name, **change))
    ClientAccount.objects.filter(pk__in=pks).update(updated_at=timezone.now())
    return len(pks)


@transaction.atomic
def bulk_team(*, member, accounts, teammate, add):
    """Put `teammate` on, or take them off, the team of every account of `accounts`; the
    teammate's row is locked as bulk_tag locks the tag."""
    rights.require(member, Right.MANAGE_ACCOUNTS, teammate)
    lock(teammate)
    on_team = TeamMembership.objects.filter(member=teammate, account__in=accounts)
    if add:
        pks = list(accounts.exclude(pk__in=on_team.values("account")).values_list("pk", flat=True))
        TeamMembership.objects.bulk_create(
            [TeamMembership(account_id=pk, member=teammate) for pk in pks],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        verb, change = Verb.TEAM_ADDED, {"after": {"member": teammate.pk}}
    else:
        pks = list(on_team.values_list("account_id", flat=True))
        TeamMembership.objects.filter(member=teammate, account_id__in=pks).delete()
        verb, change = Verb.TEAM_REMOVED, {"before": {"member": teammate.pk}}
    record_many(_events(member, pks, verb, str(teammate), **change))
    return len(pks)


@transaction.atomic
def accept_request(*, member, request):
    """The client becomes an account of the firm, with its contact, and the accepting member on
    its team."""
    _require_pending(member, request)
    account = actions.create_account(member=member, name=request.client_name, kind=request.kind)
    contact = actions.create_contact(
        member=member,
        first_name=request.contact_first_name,
        last_name=request.contact_last_name,
        emails=[request.contact_email],
        language=member.firm.language,
    )
    actions.link_contact(member=member, account=account, contact=contact)
    actions.add_team_member(member=member, account=account, teammate=member)
    _decide(member, request, Status.ACCEPTED, account)
    return account


@transaction.atomic
def decline_request(*, member, request):
    _require_pending(member, request)
    _decide(member, request, Status.DECLINED)


def _require_pending(member, request):
    """The request, read again under a lock, is still waiting for an answer; else AlreadyDone
    (a second click, or a colleague, answered it first)."""
    rights.require(member, Right.MANAGE_FIRM, request)
    lock(request)
    if request.status != Status.PENDING:
        raise AlreadyDone(ALREADY_ANSWERED[request.status] % {"name": request.client_name})


def _decide(member, request, status, account=None):
    request.status, request.account = status, account
    request.decided_by, request.decided_at = member, timezone.now()
    request.save(update_fields=["status", "account", "decided_by", "decided_at"])
    record(
        firm=member.firm,
        account=account,
        actor=member.user,
        verb=Verb.REQUEST_ACCEPTED if account else Verb.REQUEST_DECLINED,
        subject=request.client_name,
        after={"access": request.access},
    )

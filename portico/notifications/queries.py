"""Firm-scoped reads of the notifications app."""

from portico.clients.queries import account_team, visible_accounts
from portico.core import recipients, rights
from portico.core.models import HistoryEvent
from portico.core.rights import Right
from portico.notifications import periods
from portico.notifications.models import DigestSubscription


def subscription_of(member, account) -> DigestSubscription | None:
    """The member's digest subscription on `account`, with `first_sending`: the date of its
    first digest (periods.first_sending), or None."""
    found = DigestSubscription.objects.filter(member=member, account=account).first()
    if found:
        found.first_sending = periods.first_sending(found.frequency, found.starts_on)
    return found


def notifiable_accounts(member):
    """N-5 is for owners and admins: the accounts they may send a reminder about."""
    return rights.scope(member, Right.MANAGE_FIRM, visible_accounts(member))


def teammates_to_notify(member, account):
    """Who Notify accountants writes to: the active members on `account`'s team but `member`
    (a queryset of Member, users selected). Empty means there is nobody to send to."""
    return account_team(account).filter(recipients.active_members()).exclude(pk=member.pk)


def reminders_sent(account, limit=10):
    events = HistoryEvent.objects.filter(
        account=account, verb=HistoryEvent.Verb.ACCOUNTANTS_NOTIFIED
    )
    return events.select_related("actor").order_by("-created_at", "-id")[:limit]

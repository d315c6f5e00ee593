"""Firm-scoped reads of the notifications app."""

from portico.clients.models import ClientAccount
from portico.clients.queries import visible_accounts
from portico.core.models import HistoryEvent
from portico.notifications.models import DigestSubscription


def subscription_of(member, account) -> DigestSubscription | None:
    return DigestSubscription.objects.filter(member=member, account=account).first()


def notifiable_accounts(member):
    """N-5 is for owners and admins: the accounts they may send a reminder about."""
    if not member.is_manager:
        return ClientAccount.objects.none()
    return visible_accounts(member)


def reminders_sent(account, limit=10):
    events = HistoryEvent.objects.filter(
        account=account, verb=HistoryEvent.Verb.ACCOUNTANTS_NOTIFIED
    )
    return events.select_related("actor").order_by("-created_at", "-id")[:limit]

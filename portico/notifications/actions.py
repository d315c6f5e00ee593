"""Writes of the notifications app: a member's digest subscription (N-1) and the reminder an
admin sends to a client's accountants (N-5)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portico.core import rights
from portico.core.history import record
from portico.core.locking import lock
from portico.core.models import HistoryEvent
from portico.core.rights import Right
from portico.expenses import digest as expense_digest
from portico.messaging import emails
from portico.notifications.models import DigestSubscription
from portico.notifications.periods import next_monday
from portico.notifications.queries import teammates_to_notify

Verb = HistoryEvent.Verb
TASKS = {
    "missing_receipts": _("Missing receipts"),
    "to_export": _("Expenses to export"),
    "low_balance": _("Low wallet balance"),
    "client_requests": _("Unanswered client requests"),
    "other": _("Other"),
}
NOBODY = _("Nobody else is on this client's team yet: add an accountant to the team first.")


@transaction.atomic
def set_digest(*, member, account, email, frequency, send_empty=False, now=None):
    """Turn the member's Email switch on `account` on (with a frequency) or off. A new
    subscription starts with the next Monday at 10:00 in the firm's time zone. The member's row
    is locked first: two clicks at once make one subscription."""
    rights.require(member, None, account)
    lock(member)
    current = DigestSubscription.objects.filter(member=member, account=account).first()
    before = {"frequency": current.frequency if current else None}
    if not email:
        if current:
            current.delete()
        subscription = None
    elif current:
        current.frequency, current.send_empty = frequency, send_empty
        current.save(update_fields=["frequency", "send_empty"])
        subscription = current
    else:
        starts_on = next_monday(now or timezone.now(), member.firm.time_zone)
        subscription = DigestSubscription.objects.create(
            member=member,
            account=account,
            frequency=frequency,
            send_empty=send_empty,
            starts_on=starts_on,
        )
    after = {"frequency": subscription.frequency if subscription else None}
    if before != after:
        record(
            actor=member.user,
            firm=member.firm,
            account=account,
            verb=Verb.DIGEST_CHANGED,
            subject=str(member),
            before=before,
            after=after,
        )
    return subscription


@transaction.atomic
def notify_accountants(*, member, account, tasks, comment="") -> list[str]:
    """One email to everyone else on the account's team, each in their language; kept in the
    account's History. Returns the addresses written to."""
    rights.require(member, Right.MANAGE_FIRM, account)
    unknown = set(tasks) - set(TASKS)
    if unknown or (not tasks and not comment.strip()):
        raise ValidationError(_("Tick at least one task or write a comment."))
    team = list(teammates_to_notify(member, account))
    if not team:
        raise ValidationError(NOBODY)
    context = {
        "sender": member,
        "account": account,
        "tasks": [TASKS[t] for t in TASKS if t in tasks],
        "comment": comment.strip(),
        "section": expense_digest.account_section(account),
        "url": settings.SITE_URL + reverse("clients:workspace", args=[account.pk]),
    }
    addresses = []
    for teammate in team:
        emails.send(
            to=teammate.user.email,
            template="notify_accountants",
            language=teammate.language or member.firm.language,
            context={**context, "recipient": teammate},
            firm=member.firm,
            account=account,
        )
        addresses.append(teammate.user.email)
    record(
        actor=member.user,
        firm=member.firm,
        account=account,
        verb=Verb.ACCOUNTANTS_NOTIFIED,
        subject=account.name,
        after={"tasks": list(tasks), "comment": comment.strip()[:1000], "to": addresses},
    )
    return addresses

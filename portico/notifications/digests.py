"""Sending the digests that are due (N-2 … N-4), exactly once per member and period.

Each member's digest is one transaction: the DigestDelivery rows (unique per member, frequency
and period) and the email's EmailLog row commit together or not at all. So a second run of the
same period finds nothing to do, a run that crashed half-way is finished by the next one (it
only looks at members without a delivery), and an SMTP outage leaves logged emails that
messaging's retry job delivers later, each once."""

import logging
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from portico.clients.models import ClientAccount
from portico.clients.queries import visible_accounts
from portico.core import recipients
from portico.core.registry import DigestSection, registry
from portico.firms.models import Firm, Member
from portico.messaging import emails
from portico.notifications.models import DigestDelivery, DigestSubscription, Frequency
from portico.notifications.periods import latest_period

logger = logging.getLogger(__name__)


def send_due_digests(now) -> int:
    """The scheduled job: every digest due at `now` that has not gone out yet. Returns how many
    emails it wrote."""
    sent = 0
    firms = Firm.objects.filter(
        Exists(DigestSubscription.objects.filter(member__firm=OuterRef("pk")))
    )
    for firm in firms:
        periods = {f: latest_period(f, now, firm.time_zone) for f in Frequency.values}
        for member_id in due_member_ids(firm, periods):
            sent += send_member_digest(member_id, periods, now)
    logger.info("digests sent=%d", sent)
    return sent


def _due(periods):
    """Subscriptions whose period has come (and started) and has no delivery yet."""
    due = Q(pk__in=[])
    for frequency, period in periods.items():
        delivered = DigestDelivery.objects.filter(
            member=OuterRef("member"), frequency=frequency, period=period
        )
        due |= Q(frequency=frequency, starts_on__lte=period) & ~Exists(delivered)
    return due


def due_member_ids(firm, periods) -> list[int]:
    subscriptions = DigestSubscription.objects.filter(
        recipients.active_members("member__"), member__firm=firm
    ).filter(_due(periods))
    return sorted(set(subscriptions.values_list("member_id", flat=True)))


def send_member_digest(member_id, periods, now=None) -> int:
    """One member's digest for every due frequency at once: 1 if an email was written. `now`
    (default: the current time) is what the apps' sections tell about."""
    now = now or timezone.now()
    member = Member.objects.select_related("firm", "user").get(pk=member_id)
    try:
        with transaction.atomic():
            return _send(member, periods, now)
    except IntegrityError:
        return 0  # another run delivered it first


def _send(member, periods, now):
    due = DigestSubscription.objects.filter(member=member).filter(_due(periods))
    frequencies = sorted(set(due.values_list("frequency", flat=True)))
    if not frequencies:
        return 0
    # Accounts the member may no longer see are left out, but their period is settled too.
    subscriptions = list(
        due.filter(account__in=visible_accounts(member))
        .exclude(account__onboarding=ClientAccount.Onboarding.ARCHIVED)
        .select_related("account")
        .order_by("account__name_key", "account_id")
    )
    deliveries = [
        DigestDelivery.objects.create(member=member, frequency=f, period=periods[f])
        for f in frequencies
    ]
    parts = parts_of(member, [s.account for s in subscriptions], now)
    wanted = any(part.news for part in parts) or any(s.send_empty for s in subscriptions)
    if not wanted:
        return 0
    log = emails.send(
        to=member.user.email,
        template="digest",
        language=member.language or member.firm.language,
        context={
            "member": member,
            "firm": member.firm,
            "parts": parts,
            "clients": len(subscriptions),
        },
        firm=member.firm,
    )
    DigestDelivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(email=log)
    return 1


@dataclass(frozen=True)
class Part:
    """One app's part of a digest (a core.registry.DigestSection with what it collected)."""

    template: str
    data: Any
    news: bool


def parts_of(member, accounts, now) -> list[Part]:
    """What each app's DigestSection has to tell `member` about `accounts` at `now`, in the
    sections' order; sections with nothing to tell are left out."""
    parts = []
    for section in registry.all(DigestSection):
        data = section.collect(member, accounts, now)
        if data:
            news = section.news(data) if section.news else True
            parts.append(Part(section.template, data, news))
    return parts

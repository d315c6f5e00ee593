"""Sending the digests that are due (N-2 … N-4), exactly once per member and period.

Each member's digest is one transaction: the DigestDelivery rows (unique per member, frequency
and period) and the email's EmailLog row commit together or not at all. So a second run of the
same period finds nothing to do, a run that crashed half-way is finished by the next one (it
only looks at members without a delivery), and an SMTP outage leaves logged emails that
messaging's retry job delivers later, each once."""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from portico.clients.models import ClientAccount
from portico.clients.queries import visible_accounts
from portico.core import recipients
from portico.firms.models import Firm, Member
from portico.messaging import emails
from portico.notifications.models import DigestDelivery, DigestSubscription, Frequency
from portico.notifications.periods import latest_period

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Section:
    """What a digest tells about one client."""

    name: str
    url: str
    missing_receipts: int
    ready_to_export: int
    wallet_balance: Decimal | None
    wallet_currency: str

    @property
    def has_news(self) -> bool:
        return bool(self.missing_receipts or self.ready_to_export)


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
            sent += send_member_digest(member_id, periods)
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


def send_member_digest(member_id, periods) -> int:
    """One member's digest for every due frequency at once: 1 if an email was written."""
    member = Member.objects.select_related("firm", "user").get(pk=member_id)
    try:
        with transaction.atomic():
            return _send(member, periods)
    except IntegrityError:
        return 0  # another run delivered it first


def _send(member, periods):
    due = DigestSubscription.objects.filter(member=member).filter(_due(periods))
    frequencies = sorted(set(due.values_list("frequency", flat=True)))
    if not frequencies:
        return 0
    # Accounts the member may no longer see are left out, but their period is settled too.
    subscriptions = list(
        due.filter(account__in=visible_accounts(member))
        .exclude(account__onboarding=ClientAccount.Onboarding.ARCHIVED)
        .select_related("account__expense_summary")
        .order_by("account__name_key", "account_id")
    )
    deliveries = [
        DigestDelivery.objects.create(member=member, frequency=f, period=periods[f])
        for f in frequencies
    ]
    sections = [section_of(s.account) for s in subscriptions]
    wanted = any(s.has_news for s in sections) or any(s.send_empty for s in subscriptions)
    if not wanted:
        return 0
    log = emails.send(
        to=member.user.email,
        template="digest",
        language=member.language or member.firm.language,
        context={"member": member, "firm": member.firm, "sections": sections},
        firm=member.firm,
    )
    DigestDelivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(email=log)
    return 1


def section_of(account) -> Section:
    summary = getattr(account, "expense_summary", None)
    has_wallet = bool(summary and summary.has_wallet)
    return Section(
        name=account.name,
        url=settings.SITE_URL + reverse("clients:workspace", args=[account.pk]),
        missing_receipts=summary.missing_receipts if summary else 0,
        ready_to_export=summary.ready_to_export if summary else 0,
        wallet_balance=summary.wallet_balance if has_wallet else None,
        wallet_currency=summary.wallet_currency if has_wallet else "",
    )

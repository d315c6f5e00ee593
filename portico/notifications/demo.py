"""Demo digest subscriptions (N-1), called by `manage.py demo` (desk) after the expenses."""

from django.utils import timezone

from portico.notifications.models import DigestSubscription, Frequency
from portico.notifications.periods import next_monday


def build(demo, accounts):
    """Ana follows some of her clients weekly, Luc a few daily; digests start next Monday."""
    starts_on = next_monday(timezone.now(), demo.firm.time_zone)
    plans = [("ana@example.com", Frequency.WEEKLY, 6), ("luc@example.com", Frequency.DAILY, 3)]
    for email, frequency, count in plans:
        member = demo.members[email]
        mine = [a for a in accounts if a.kind == "company" and member in a.team.all()]
        DigestSubscription.objects.bulk_create(
            DigestSubscription(
                member=member, account=account, frequency=frequency, starts_on=starts_on
            )
            for account in (mine or accounts)[:count]
        )

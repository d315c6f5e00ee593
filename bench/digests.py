"""DESIGN.md's digest budget: the scheduled digest job over 10,000 subscriptions in ≤ 60 s.

The bench staff subscribe to clients on their teams (three accountants to thousands each), every
subscription due and set to send even when there is nothing new, so that every member gets an
email; the job then runs in this process, as the scheduler runs it."""

import time
from datetime import date

from django.db.models import Count
from django.utils import timezone

from bench.generate import FIRM_NAME
from portico.clients.models import ClientAccount, TeamMembership
from portico.firms.models import Member
from portico.messaging.models import EmailLog
from portico.notifications.digests import send_due_digests
from portico.notifications.models import DigestDelivery, DigestSubscription

SUBSCRIPTIONS = 10_000
SHARES = {"heavy": 3_000, "other": 50}  # per accountant; the admin takes what is left


def subscribe():
    members = Member.objects.filter(firm__name=FIRM_NAME)
    DigestSubscription.objects.filter(member__in=members).delete()
    DigestDelivery.objects.filter(member__in=members).delete()
    accountants = members.filter(role="accountant").annotate(n=Count("teammembership"))
    rows = []
    for rank, member in enumerate(accountants.order_by("-n", "pk")):
        share = SHARES["heavy"] if rank < 3 else SHARES["other"]
        team = TeamMembership.objects.filter(member=member).values_list("account", flat=True)
        rows += [_subscription(member.pk, account) for account in team.order_by("account")[:share]]
    admin = members.get(user__email="admin@bench.example")
    accounts = ClientAccount.objects.filter(firm__name=FIRM_NAME).order_by("pk")
    left = SUBSCRIPTIONS - len(rows)
    rows += [_subscription(admin.pk, pk) for pk in accounts.values_list("pk", flat=True)[:left]]
    DigestSubscription.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _subscription(member_id, account_id):
    return DigestSubscription(
        member_id=member_id,
        account_id=account_id,
        frequency="weekly",
        send_empty=True,
        starts_on=date(2000, 1, 3),
    )


def measure():
    subscriptions = subscribe()
    emails_before = EmailLog.objects.count()
    started = time.monotonic()
    sent = send_due_digests(timezone.now())
    return {
        "subscriptions": subscriptions,
        "emails": sent,
        "logged": EmailLog.objects.count() - emails_before,
        "seconds": round(time.monotonic() - started, 1),
    }

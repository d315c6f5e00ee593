"""The expenses app's Home card (F-8): missing receipts across my clients."""

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import ngettext

from portico.core.registry import HomeFigure
from portico.expenses.models import ExpenseSummary


def missing_receipts(member):
    """Missing receipts of the accounts whose team `member` is on, from the expenses' own
    per-account summary (ExpenseSummary): one query."""
    mine = ExpenseSummary.objects.filter(
        account__teammembership__member=member, missing_receipts__gt=0
    )
    totals = mine.aggregate(receipts=Sum("missing_receipts"), clients=Count("pk"))
    clients = totals["clients"] or 0
    text = ngettext(
        "missing receipts in %(clients)s of my clients",
        "missing receipts in %(clients)s of my clients",
        clients,
    ) % {"clients": clients}
    url = reverse("clients:list") + "?tab=mine&missing=1&sort=-missing"
    return HomeFigure(totals["receipts"] or 0, text, url)

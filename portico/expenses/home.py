"""The expenses app's Home card (F-8): missing receipts across my clients."""

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import ngettext

from portico.clients.models import ClientAccount
from portico.core.registry import HomeFigure


def missing_receipts(member):
    """Missing receipts of the accounts whose team `member` is on, from the count the database
    keeps on each account (sort_missing_receipts): one query."""
    mine = ClientAccount.objects.filter(teammembership__member=member, sort_missing_receipts__gt=0)
    totals = mine.aggregate(receipts=Sum("sort_missing_receipts"), clients=Count("pk"))
    clients = totals["clients"] or 0
    text = ngettext(
        "missing receipts in %(clients)s of my clients",
        "missing receipts in %(clients)s of my clients",
        clients,
    ) % {"clients": clients}
    url = reverse("clients:list") + "?tab=mine&missing=1&sort=-missing"
    return HomeFigure(totals["receipts"] or 0, text, url)

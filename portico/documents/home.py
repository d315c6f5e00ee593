"""The documents app's Home card (F-8): documents new to the firm (W-1's New)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from portico.core import rights
from portico.core.registry import HomeFigure
from portico.documents.models import Document

SHOWN = 5

# The Clients page's filter (core.registry.ClientsFilter) to accounts with documents nobody at
# the firm has opened: the unseen documents are few, read from the document_unseen index.
FILTER = "new_documents"
HAS_NEW_DOCUMENTS = Q(pk__in=Document.objects.filter(seen_by_firm_at=None).values("account_id"))


def new_documents(member):
    """Documents of the accounts `member` may see that nobody at the firm has opened yet: the
    latest five and their count, in two queries. Read from the firm's unseen documents (the
    document_unseen index), each checked against the member's team: `account IN (the visible
    accounts)` made SQLite probe every one of the firm's 100,000 accounts (100 ms under load)."""
    unseen = Document.objects.filter(firm=member.firm_id, seen_by_firm_at=None)
    if not rights.has(member, rights.Right.SEE_ALL_ACCOUNTS):
        unseen = unseen.filter(account__teammembership__member=member)
    latest = list(unseen.select_related("account").order_by("-created_at", "-pk")[:SHOWN])
    count = len(latest) if len(latest) < SHOWN else unseen.count()
    items = tuple(
        (f"{d.name} · {d.account.name}", reverse("clients:workspace", args=[d.account_id]))
        for d in latest
    )
    url = f"{reverse('clients:list')}?{FILTER}=1"
    return HomeFigure(count, _("documents new to the firm"), url, items)

"""The Clients page's reads (C-1 … C-7): tabs by role, search, filters, sort and their counts.

Every query starts from queries.visible_accounts(member), so tenancy and F-3 hold here too.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Func, OuterRef, Prefetch, Q, Subquery

from portico.clients.models import ClientAccount, ConnectionRequest, EmailSwitches, Tag
from portico.clients.queries import visible_accounts
from portico.core.text import fold
from portico.firms.models import Firm, Member
from portico.portal.queries import pending_count

ACTIVE = ClientAccount.Onboarding.ACTIVE
SORTS = {
    "name": ("name_key", "pk"),
    "-name": ("-name_key", "-pk"),
    "created": ("created_at", "pk"),
    "-created": ("-created_at", "-pk"),
    # Most missing receipts first, over all clients (served by ExpenseSummary's index).
    "-missing": (F("expense_summary__missing_receipts").desc(nulls_last=True), "name_key", "pk"),
    # Latest portal login first, never connected last (PortalActivity's index).
    "-login": (F("portal_activity__last_login").desc(nulls_last=True), "name_key", "pk"),
}


@dataclass(frozen=True)
class Filters:
    """What the URL asks the Clients page for; parsed and validated by forms.ClientFilterForm."""

    tab: str = "mine"
    q: str = ""
    kinds: tuple = ()
    tags: tuple = ()
    teammate: int | None = None
    status: str = ""
    missing_receipts: bool = False
    never_connected: bool = False
    sort: str = "name"
    extra: dict = field(default_factory=dict)

    @property
    def searching(self) -> bool:
        return bool(
            self.q
            or self.kinds
            or self.tags
            or self.teammate
            or self.status
            or self.missing_receipts
            or self.never_connected
        )


def tabs_for(member) -> list[str]:
    """The tabs a member's role shows (C-1, C-10), before hiding the empty ones."""
    pending = ["pending"] if member.manages_accounts else []
    if member.is_manager:
        return ["invitations", "onboarding", "mine", "all", *pending]
    if member.sees_all_accounts:
        return ["onboarding", "mine", "all", *pending]
    return ["onboarding", "mine", *pending]


def listed_accounts(member):
    """The accounts the Clients page lists: the visible ones but the firm's test client (A-11)."""
    return visible_accounts(member).filter(test_client_of__isnull=True)


def on_team(member):
    return Exists(
        Member.objects.filter(pk=member.pk, teammembership__account=OuterRef("pk")).values("pk")
    )


def tab_counts(member) -> dict[str, int]:
    """Each tab's count in one query (two for owners and admins, who also see Invitations)."""
    active, mine = Q(onboarding=ACTIVE), Q(on_team(member))
    onboarding = ~active if member.is_manager else ~active & mine
    counts = listed_accounts(member).aggregate(
        all=Count("pk", filter=active),
        mine=Count("pk", filter=active & mine),
        onboarding=Count("pk", filter=onboarding),
    )
    if member.manages_accounts:
        counts |= side_counts(member)
    return counts


def side_counts(member) -> dict[str, int]:
    """The Invitations (C-1) and Pending activation (C-10) counts, in one query."""
    requests = pending_requests(member).order_by().annotate(n=Func(F("pk"), function="COUNT"))
    counts = Firm.objects.filter(pk=member.firm_id).values(
        invitations=Subquery(requests.values("n")), pending=pending_count(member)
    )
    counts = dict(counts[0])
    if not member.is_manager:
        del counts["invitations"]
    return counts


def shown_tabs(member, counts) -> list[str]:
    """Invitations and Onboarding disappear when empty (C-1)."""
    hideable = {"invitations", "onboarding", "pending"}
    return [tab for tab in tabs_for(member) if tab not in hideable or counts.get(tab)]


def tab_accounts(member, tab):
    accounts = listed_accounts(member)
    if tab == "onboarding":
        accounts = accounts.exclude(onboarding=ACTIVE)
        return accounts if member.is_manager else accounts.filter(on_team(member))
    accounts = accounts.filter(onboarding=ACTIVE)
    return accounts.filter(on_team(member)) if tab == "mine" else accounts


def is_active():
    """C-7: green when a contact email of the account has Login on (pending activation counts)."""
    return Exists(EmailSwitches.objects.filter(link__account=OuterRef("pk"), login=True))


def filtered_accounts(member, filters: Filters):
    accounts = tab_accounts(member, filters.tab)
    for word in fold(filters.q).split():
        accounts = accounts.filter(search_text__contains=word)
    if filters.kinds:
        accounts = accounts.filter(kind__in=filters.kinds)
    for tag in filters.tags:
        accounts = accounts.filter(
            Exists(Tag.accounts.through.objects.filter(clientaccount=OuterRef("pk"), tag=tag))
        )
    if filters.teammate:
        accounts = accounts.filter(
            Exists(
                Member.objects.filter(pk=filters.teammate, teammembership__account=OuterRef("pk"))
            )
        )
    if filters.status:
        accounts = (
            accounts.filter(is_active())
            if filters.status == "active"
            else accounts.exclude(is_active())
        )
    if filters.missing_receipts:
        accounts = accounts.filter(expense_summary__missing_receipts__gt=0)
    if filters.never_connected:
        accounts = accounts.filter(portal_activity__isnull=True)
    return accounts


# The expense columns of a row (C-2), read from the one-to-one summary in the same query: None
# where the account has no expenses or wallet yet.
EXPENSE_COLUMNS = {
    "missing_receipts": F("expense_summary__missing_receipts"),
    "ready_to_export": F("expense_summary__ready_to_export"),
    "has_wallet": F("expense_summary__has_wallet"),
    "wallet_balance": F("expense_summary__wallet_balance"),
    "wallet_currency": F("expense_summary__wallet_currency"),
}


def account_rows(member, filters: Filters):
    """The rows of a tab with everything a row shows, in a fixed number of queries."""
    return (
        filtered_accounts(member, filters)
        .annotate(
            active=is_active(), last_login=F("portal_activity__last_login"), **EXPENSE_COLUMNS
        )
        .order_by(*SORTS[filters.sort])
        .prefetch_related(
            Prefetch("tags", queryset=Tag.objects.order_by("name")),
            Prefetch(
                "team", queryset=Member.objects.select_related("user").order_by("user__email")
            ),
        )
    )


def expense_columns(rows) -> dict[str, bool]:
    """Which expense columns a page shows: only where some row has the data (no fake zeros)."""
    rows = list(rows)
    return {
        "receipts": any(row.missing_receipts is not None for row in rows),
        "wallet": any(row.has_wallet for row in rows),
    }


def pending_requests(member):
    if not member.is_manager:
        return ConnectionRequest.objects.none()
    return ConnectionRequest.objects.filter(
        firm=member.firm, status=ConnectionRequest.Status.PENDING
    )


def quick_open(member, text, limit=8):
    """P-9: the first accounts whose name, contact names or emails contain every word."""
    accounts = visible_accounts(member)
    words = fold(text).split()
    if not words:
        return accounts.none()
    for word in words:
        accounts = accounts.filter(search_text__contains=word)
    return accounts.order_by("name_key", "pk")[:limit]

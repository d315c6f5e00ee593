"""The Clients page's reads (C-1 … C-7): tabs by role, search, filters, sort and their counts.

Every query starts from queries.visible_accounts(member), so tenancy and F-3 hold here too.
"""

from dataclasses import dataclass, field, replace
from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import F, Func, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from portico.clients import search
from portico.clients.models import (
    ClientAccount,
    ConnectionRequest,
    FirmTally,
    MemberTally,
    Tag,
    TeamMembership,
)
from portico.clients.queries import member_of, on_team, visible_accounts
from portico.clients.rows import is_active, rows_for
from portico.core import compiled, paging, rights
from portico.core.registry import (
    ClientsColumn,
    ClientsFilter,
    ClientsSort,
    ClientsTab,
    UnlistedAccount,
    registry,
)
from portico.core.rights import Right
from portico.core.text import fold
from portico.firms.models import Firm

ACTIVE = ClientAccount.Onboarding.ACTIVE
ARCHIVED = ClientAccount.Onboarding.ARCHIVED
# The steps before active, named so that an index seeks them instead of scanning past the actives.
ONBOARDING = [
    ClientAccount.Onboarding.INVITED,
    ClientAccount.Onboarding.DETAILS_SUBMITTED,
    ClientAccount.Onboarding.VERIFICATION,
]
SORTS = {
    "name": ("name_key", "pk"),
    "-name": ("-name_key", "-pk"),
    "created": ("created_at", "pk"),
    "-created": ("-created_at", "-pk"),
}  # and the apps' sorts (core.registry.ClientsSort: most missing receipts, latest login)


def sorts() -> dict:
    """Every sort of the page, by its value in the URL: the order_by() arguments."""
    return SORTS | {added.key: added.ordering for added in registry.all(ClientsSort)}


def ordering(sort) -> tuple:
    """The order_by() arguments of the sort named `sort` in the URL (by name when unknown)."""
    return sorts().get(sort, SORTS["name"])


@dataclass(frozen=True)
class Filters:
    """What the URL asks the Clients page for; parsed and validated by forms.ClientFilterForm."""

    tab: str = "mine"
    q: str = ""
    kinds: tuple = ()
    tags: tuple = ()
    teammate: int | None = None
    status: str = ""
    sort: str = "name"
    # the apps' filters that are on (core.registry.ClientsFilter): {its key: the value chosen}
    extra: dict = field(default_factory=dict)

    @property
    def searching(self) -> bool:
        return bool(self.q or self.kinds or self.tags or self.teammate or self.status or self.extra)


def tabs_for(member) -> list[str]:
    """The tabs a member's role shows (C-1), with those the apps add (core.registry.ClientsTab,
    C-10), before hiding the empty ones."""
    added = [tab.key for tab in registry.for_member(ClientsTab, member)]
    if rights.has(member, Right.MANAGE_FIRM):
        return ["invitations", "onboarding", "mine", "all", *added, "archived"]
    if rights.has(member, Right.SEE_ALL_ACCOUNTS):
        return ["onboarding", "mine", "all", *added, "archived"]
    return ["onboarding", "mine", *added, "archived"]


def unlisted_ids(member) -> list:
    """The one-value query expressions of the accounts the apps keep off the lists
    (core.registry.UnlistedAccount; A-11: the portal's test client), each NULL when none."""
    return [unlisted.account_id(member) for unlisted in registry.all(UnlistedAccount)]


def listed_accounts(member, probe=False):
    """The accounts the Clients page lists: the visible ones but the firm's test client (A-11)
    and the archived ones (C-11, the Archived tab's own).

    Left out by comparing each id with one value rather than by `NOT IN (subquery)`: PostgreSQL
    guesses that half the rows pass a `NOT IN`, and with that halved estimate it answered a
    common search's capped count from the trigram index (all 100,000 entries, 14 ms) instead of
    reading the table until 1,001 rows match (3 ms)."""
    accounts = visible_accounts(member, probe=probe)
    for account_id in unlisted_ids(member):
        accounts = accounts.exclude(pk=Coalesce(account_id, 0))  # ids start at 1
    return accounts.exclude(onboarding=ARCHIVED)  # archived clients are listed on their own tab


def count_of(queryset):
    """A queryset's COUNT(*) as a scalar subquery, so that several counts share one query."""
    return Subquery(queryset.order_by().values(n=Func(F("pk"), function="COUNT")))


def counts_query(member):
    """Each tab's count in one query, none of which scans the firm: All and My clients are the
    active accounts the database tallies (clients/tallies.py) plus the few still onboarding,
    counted from an index over them; Pending activation comes from its tally, Invitations from
    an index over its few rows; the tabs the apps add count themselves (ClientsTab.count). The
    accounts the apps keep off the lists (the test client, A-11) are in no tab.

    The onboarding accounts are counted once per set, the firm's and the team's (one set for a
    member who sees only the team's), and tab_counts adds them up: All, My clients and the
    Onboarding tab each counting its own had PostgreSQL read the team's 12,000 memberships twice
    for an accountant's page."""
    firm_onboarding = listed_accounts(member, probe=True).filter(onboarding__in=ONBOARDING)
    all_active = Subquery(FirmTally.objects.filter(firm=member.firm_id).values("active_accounts"))
    mine_active = Subquery(MemberTally.objects.filter(member=member).values("active_accounts"))
    for account_id in unlisted_ids(member):
        unlisted_active = ClientAccount.objects.filter(pk=account_id, onboarding=ACTIVE)
        all_active -= count_of(unlisted_active)
        mine_active -= count_of(unlisted_active.filter(on_team(member)))
    counts = {
        "mine_active": mine_active,
        "team_onboarding": count_of(_team_only(member, firm_onboarding)),
        "archived": count_of(tab_accounts(member, "archived")),
    }
    if rights.has(member, Right.SEE_ALL_ACCOUNTS):
        counts |= {"all_active": all_active, "firm_onboarding": count_of(firm_onboarding)}
    for tab in registry.for_member(ClientsTab, member):
        counts[tab.key] = tab.count(member)
    if rights.has(member, Right.MANAGE_FIRM):
        counts["invitations"] = count_of(pending_requests(member))
    return Firm.objects.filter(pk=member.firm_id).values(**counts)


def _team_only(member, accounts):
    """`accounts` (listed_accounts) on the member's team: already so for a member who sees only
    the team's accounts (visible_accounts)."""
    if rights.has(member, Right.SEE_ALL_ACCOUNTS):
        return accounts.filter(on_team(member, probe=True))
    return accounts


def tab_counts(member) -> dict[str, int]:
    """Each tab's count in one query, none of which scans the firm (counts_query), compiled once
    per member signature (core.rights.signature: firm, id and rights; the query reads nothing
    else of the member): building it through the ORM costs milliseconds, running it far less."""
    key = ("tab_counts", *rights.signature(member))
    return totals(member, compiled.values(key, lambda _: counts_query(member))[0])


def totals(member, parts: dict) -> dict[str, int]:
    """Each tab's count from the parts counts_query counts."""
    counts = dict(parts)
    team = counts.pop("team_onboarding")
    firm = counts.pop("firm_onboarding", team)
    counts["mine"] = _plus(counts.pop("mine_active"), team)
    if "all_active" in counts:
        counts["all"] = _plus(counts.pop("all_active"), firm)
    # the Onboarding tab (tab_accounts): the firm's for a manager, else the team's
    counts["onboarding"] = firm if rights.has(member, Right.MANAGE_FIRM) else team
    return counts


def _plus(tally, onboarding):
    return None if tally is None else tally + onboarding  # as SQL's NULL + n (no tally row)


def shown_tabs(member, counts) -> list[str]:
    """Invitations and Onboarding disappear when empty (C-1)."""
    hideable = {"invitations", "onboarding", "pending", "archived"}
    return [tab for tab in tabs_for(member) if tab not in hideable or counts.get(tab)]


def tab_accounts(member, tab, probe=False):
    """The accounts of a tab: Onboarding those not yet active; My clients every account on the
    member's team and All every account of the firm, onboarding or active (C-1: All means all)."""
    if tab == "archived":
        # few accounts are archived: read them from the index (firm, onboarding, …)
        return visible_accounts(member, probe=True).filter(onboarding=ARCHIVED)
    if tab == "onboarding":
        # few accounts are onboarding: read them from the index, check each against the team
        accounts = listed_accounts(member, probe=True).filter(onboarding__in=ONBOARDING)
        return accounts if rights.has(member, Right.MANAGE_FIRM) else _team_only(member, accounts)
    accounts = listed_accounts(member, probe)
    if tab == "mine" and rights.has(
        member, Right.SEE_ALL_ACCOUNTS
    ):  # else the visible accounts are the team's
        return accounts.filter(on_team(member, probe))
    return accounts


def filtered_accounts(member, filters: Filters, probe=False):
    """The accounts the filters match; `probe` checks membership of tags and teams, and the
    search, row by row (queries.member_of, search.matching), as RowPaginator asks for the first
    pages of a long list."""
    accounts = search.matching(tab_accounts(member, filters.tab, probe), filters.q, probe)
    if filters.kinds:
        accounts = accounts.filter(kind__in=filters.kinds)
    for tag in filters.tags:
        tagged = Tag.accounts.through.objects.filter(tag=tag)
        accounts = accounts.filter(member_of(tagged, "clientaccount", probe))
    if filters.teammate:
        team = TeamMembership.objects.filter(member=filters.teammate)
        accounts = accounts.filter(member_of(team, "account", probe))
    if filters.status:
        # A column of the account, checked row by row as the sorted index is read.
        accounts = (
            accounts.filter(is_active())
            if filters.status == "active"
            else accounts.exclude(is_active())
        )
    for key, value in filters.extra.items():
        accounts = accounts.filter(registry.get(ClientsFilter, key).condition(value))
    return accounts


# A search or filter counts its matches up to here: counting all 40,000 clients a broad filter
# matches would scan them on every page. Past it, pages go on while rows do ("Page 30", Next).
COUNT_LIMIT = 1000


class RowPage(Page):
    """A page that knows whether rows follow it, even when the total was not counted."""

    def __init__(self, rows, number, paginator, more):
        super().__init__(rows, number, paginator)
        self.more = more

    def has_next(self):
        return self.more

    def end_index(self):
        return self.start_index() + len(self) - 1 if len(self) else 0


class RowPaginator(Paginator):
    """Pages by a deferred join: the page's ids come from the ordered, filtered query (which an
    index can serve, even deep in the list), then only those rows are loaded, by primary key, as
    rows.Row values. `count` is the tab's count when given (its tally), else the matches up to
    COUNT_LIMIT + 1.

    The first pages of a long list (more than COUNT_LIMIT matches) check tags, teams and the
    search row by row as the sorted index is read: a page then stops after a few hundred
    entries, where collecting a tag's 10,000 accounts (or a common word's trigram candidates)
    and sorting them costs tens of ms on SQLite. Deeper pages, and short lists, collect and
    sort: reading the index up to page 40 row by row would cost more than sorting the set.
    A short list counted from its ids (`matched`) sorts just those: left to choose, PostgreSQL
    read the sorted index past 11,000 accounts to find a rare name's first 50 (6 ms), as it
    costs a `LIKE` test as nearly free, where fetching and sorting its 500 takes 1 ms."""

    PROBED_ROWS = 100

    def __init__(self, member, filters: Filters, per_page, count=None):
        super().__init__(
            filtered_accounts(member, filters).order_by(*ordering(filters.sort)), per_page
        )
        self.member, self.filters = member, filters
        self.count_given = count
        if count is not None:
            self.count = count

    @cached_property
    def count(self):
        if self.counted_from_ids:
            return len(self.matched)
        unsearched = filtered_accounts(self.member, replace(self.filters, q=""), probe=True)
        return search.count_up_to(unsearched, self.filters.q, COUNT_LIMIT + 1)

    @property
    def counted_from_ids(self) -> bool:
        """Whether the count is that of `matched` (not a tab's tally, nor streamed by SQLite's
        trigram table: search.streams_candidates)."""
        return self.count_given is None and not search.streams_candidates(self.filters.q)

    @cached_property
    def matched(self) -> list[int]:
        """The ids of the matches, in no order, up to COUNT_LIMIT + 1: all of a short list."""
        return list(self.object_list.order_by().values_list("pk", flat=True)[: COUNT_LIMIT + 1])

    @property
    def counted(self) -> bool:
        """Whether `count` is the whole number of matches."""
        return self.count_given is not None or self.count <= COUNT_LIMIT

    def validate_number(self, number):
        if self.counted:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(_("That page number is not an integer")) from None
        if number < 1:
            raise EmptyPage(_("That page number is less than 1"))
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom, top = (number - 1) * self.per_page, number * self.per_page
        ordered, order = self.object_list, ordering(self.filters.sort)
        if self.counted_from_ids and self.counted:
            ordered = ClientAccount.objects.filter(pk__in=self.matched).order_by(*order)
        elif self.count > COUNT_LIMIT and top <= self.PROBED_ROWS:
            probing = filtered_accounts(self.member, self.filters, probe=True)
            ordered = probing.order_by(*order)
        ids = self._ids(ordered, bottom, top)
        if not ids and number > 1:  # past the end of an uncounted list: its last known page
            return self.page(self.num_pages)
        more = len(ids) > self.per_page
        return RowPage(rows_for(self.member.firm, ids[: self.per_page]), number, self, more)

    def _ids(self, ordered, bottom, top) -> list[int]:
        """The ids of rows `bottom` to `top`, and of one more if rows follow; past the middle of
        a counted list, read from its end (paging.window)."""
        count = self.count if self.counted else None
        return paging.window(ordered.values_list("pk", flat=True), bottom, top + 1, count)


def shown_columns(member, rows) -> list:
    """The apps' columns (core.registry.ClientsColumn) that a page of `rows` shows to `member`."""
    rows = list(rows)
    columns = registry.for_member(ClientsColumn, member)
    return [column for column in columns if column.shown is None or column.shown(rows)]


def pending_requests(member):
    pending = ConnectionRequest.objects.filter(
        firm=member.firm, status=ConnectionRequest.Status.PENDING
    )
    return rights.scope(member, Right.MANAGE_FIRM, pending)


def quick_open(member, text, limit=8):
    """P-9: the first accounts whose name, contact names or emails contain every word."""
    if not fold(text).split():
        return ClientAccount.objects.none()
    accounts = visible_accounts(member).exclude(onboarding=ARCHIVED)
    return search.matching(accounts, text).order_by("name_key", "pk")[:limit]

"""What feature apps contribute to the pages that show many features, without those pages
importing them (the way `admin.site.register` works).

An app registers its contributions in its `AppConfig.ready()`:

    registry.register(
        ProfileTab(key="tasks", label=_("Tasks"), url_name="work:account_tasks", order=20),
        ProfileAction(key="create_task", label=_("Create task"), url_name="work:task_new",
                      order=10, icon="check2-square"),
        HistoryVerb(key="task.created", label=_("created a task")),
    )

and the composing pages read them back, in order and filtered by the member's rights:
`registry.for_member(ProfileTab, member)`. Labels are lazy translations; URL names are
reversed with the account's id. Each kind's keys are unique: registering a key twice is a
configuration error."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from portico.core import rights


@dataclass(frozen=True)
class ProfileTab:
    """A tab of the client profile (P-8), after Info. The tab's page is the app's own view at
    `url_name`; its template extends the profile's base template and sets `tab` to `key`."""

    key: str
    label: Any
    url_name: str
    order: int = 100
    right: str | None = None  # a core.rights.Right the member needs; None: who sees the account


@dataclass(frozen=True)
class ProfileAction:
    """An entry of the profile's ACTION menu (T-4, B-4): a page that creates something for the
    account, at `url_name` (reversed with the account's id)."""

    key: str
    label: Any
    url_name: str
    order: int = 100
    right: str | None = None
    icon: str = "plus-lg"  # a Bootstrap Icons name


@dataclass(frozen=True)
class OverviewCard:
    """A card of the profile's Overview (P-3): `latest(member, account)` gives at most five
    items, which `template` renders (context: `items`, `account`); `view_all` is the URL name
    of the full list, reversed with the account's id. An empty card is hidden unless
    `hide_when_empty` is False."""

    key: str
    label: Any
    template: str
    latest: Callable
    view_all: str | None = None
    order: int = 100
    right: str | None = None
    hide_when_empty: bool = True


@dataclass(frozen=True)
class WorkspaceSection:
    """A section of a client's workspace as the firm sees it (C-9): `context(request, account)`
    gives the dict `template` renders."""

    key: str
    template: str
    context: Callable
    order: int = 100
    right: str | None = None


@dataclass(frozen=True)
class ClientsTab:
    """A tab a feature adds to the Clients page (C-10: the portal's Pending activation), after
    All and before Archived, hidden when empty. `count(member)` gives the tab's count as a
    one-value query expression, read in the one query that counts every tab
    (clients/listing.py counts_query); what the tab shows is the desk's to compose."""

    key: str
    count: Callable
    order: int = 100
    right: str | None = None


@dataclass(frozen=True)
class ClientsColumn:
    """A column a feature adds to the Clients page's table (C-2), after Last login, by order.
    `values` maps names to query expressions over ClientAccount, read with the page's rows in
    their one query (clients/rows.py) into `row.extra`; names are unique across columns.
    `cell(row)` gives the column's <td> as HTML, every value escaped (the rows are composed as
    strings: clients/row_html.py says why). `shown(rows)` says whether a page shows the column
    (None: always), e.g. only where some row has the data (no fake zeros)."""

    key: str
    label: Any
    values: dict
    cell: Callable
    order: int = 100
    right: str | None = None
    shown: Callable | None = None
    header_class: str = ""


@dataclass(frozen=True)
class ClientsSort:
    """A sort a feature adds to the Clients page's Sort menu (C-5), after the foundation's (name,
    creation date), by order. `key` is its value in the URL (`?sort=-missing`), `ordering` the
    `order_by()` arguments over ClientAccount, ending in a unique order ("name_key", "pk").
    At 100,000 accounts an index must serve it: the foundation's sort-index columns
    (`ClientAccount.sort_missing_receipts`, `sort_last_login`, each with its index (firm, key,
    name_key, id, onboarding)), filled from the feature's own table by triggers the feature's
    migration installs (clients/sort_keys.py writes them)."""

    key: str
    label: Any
    ordering: tuple
    order: int = 100
    right: str | None = None


@dataclass(frozen=True)
class ClientsFilter:
    """A filter a feature adds to the Clients page's More filters (C-4), by order: the URL's
    `key` parameter (`?missing=1`, `?login=never`) picks one of `choices`, each (value, label,
    condition), the condition a Q over ClientAccount that the listed accounts must meet (a
    column of the account, so that it is checked row by row as the sorted index is read). With
    `checkbox`, the one choice is a checkbox labelled `label`; else a <select> labelled `label`
    offers "Any" and the choices. Any other value is no filter (a bookmark keeps opening)."""

    key: str
    label: Any
    choices: tuple
    order: int = 100
    right: str | None = None
    checkbox: bool = False

    def condition(self, value):
        """The condition `value` picks, or None."""
        return next((q for choice, _label, q in self.choices if choice == value), None)


@dataclass(frozen=True)
class UnlistedAccount:
    """An account a feature keeps off the Clients page's tabs but Archived (A-11: the portal's
    test client). `account_id(member)` gives its id as a one-value query expression, NULL when
    the member's firm has none."""

    key: str
    account_id: Callable
    order: int = 100


@dataclass(frozen=True)
class DigestSection:
    """A part of a member's email digest (N-2): `collect(member, accounts, now)` gives what to
    tell (falsy: nothing), rendered by `template` + ".txt" and + ".html" with `data` and
    `member`. `accounts` are the subscribed accounts the member may see, in name order.
    `news(data)` says whether the part is worth an email by itself (None: any data is); a digest
    with no news goes out only to those who asked for it even when empty
    (notifications/digests.py)."""

    key: str
    template: str
    collect: Callable
    order: int = 100
    news: Callable | None = None


@dataclass(frozen=True)
class HomeCard:
    """A card of the Home page (F-8): the member's own work at a glance. `figure(member)` gives
    a HomeFigure, or None when the card has nothing to say to this member; it should cost one
    or two queries whatever the size of the firm (Home has ten in all)."""

    key: str
    label: Any
    figure: Callable
    order: int = 100
    right: str | None = None
    icon: str = "info-circle"  # a Bootstrap Icons name


@dataclass(frozen=True)
class HomeFigure:
    """What a HomeCard shows: `count`, `text` saying what it counts (translated), `url` of the
    page filtered to those items, and `items`, a few (label, url) pairs to open directly."""

    count: int
    text: str
    url: str
    items: tuple = ()


@dataclass(frozen=True)
class HistoryVerb:
    """A History event verb (X-1) and how it reads after the actor ("added a team member")."""

    key: str
    label: Any
    order: int = 100


@dataclass(frozen=True)
class HistoryFields:
    """What the values of an app's History events are (X-1), for core/history_text.py to put
    them into words: `fields()` gives {key: a model or form field}, whose label (verbose_name,
    label) names the key and whose choices name its codes. `verbs`: the verbs whose events
    keep these keys (empty: any verb). A verb's own model ("estimate.accepted": Estimate) is
    found without registering."""

    key: str
    fields: Callable
    verbs: tuple = ()
    order: int = 100


@dataclass(frozen=True)
class HistorySubject:
    """Words a History event's subject is stored with (X-1), in English, as `str()` of a model
    wrote them: "Estimate" (of "Estimate 60"), "Draft invoice". Shown, they read as `label` in
    the reader's language, a subject starting with them ("Estimate 60") keeping the rest.
    `verbs`: the verbs whose subjects may start so (empty: any verb)."""

    key: str
    label: Any
    verbs: tuple = ()
    order: int = 100


class Registry:
    def __init__(self):
        self._items: dict[type, dict[str, Any]] = {}

    def register(self, *items) -> None:
        for item in items:
            kind = self._items.setdefault(type(item), {})
            if item.key in kind:
                raise ImproperlyConfigured(f"{type(item).__name__} {item.key!r} registered twice")
            kind[item.key] = item

    def unregister(self, kind: type, key: str) -> None:
        """Remove one contribution (the tests' example app cleans up with this)."""
        del self._items[kind][key]

    def all(self, kind: type) -> list:
        """Every contribution of `kind`, by order then key."""
        return sorted(self._items.get(kind, {}).values(), key=lambda i: (i.order, i.key))

    def for_member(self, kind: type, member) -> list:
        """The contributions of `kind` whose right `member` holds, by order then key."""
        return [i for i in self.all(kind) if rights.has(member, getattr(i, "right", None))]

    def get(self, kind: type, key: str):
        """One contribution, or None."""
        return self._items.get(kind, {}).get(key)

    def verb_label(self, verb: str):
        """How a History verb reads, or the verb itself when no app registered it."""
        found = self.get(HistoryVerb, verb)
        return found.label if found else verb


registry = Registry()

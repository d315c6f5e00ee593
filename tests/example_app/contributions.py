"""What the example app contributes: everything about the tag named "Example" (EXAMPLE)."""

from html import escape

from django.db.models import Exists, OuterRef

from portico.clients.models import Tag

EXAMPLE = "Example"


def _tagged(account_id):
    return Tag.accounts.through.objects.filter(clientaccount=account_id, tag__name=EXAMPLE)


# Read with each row of the Clients page, in the rows' own query.
COLUMN_VALUES = {"example_tagged": Exists(_tagged(OuterRef("pk")))}


# The Clients page's sort (tagged first) and filter (tagged only); a real app sorts by an indexed
# column (clients/sort_keys.py), this small one by the same EXISTS its column reads.
ORDERING = (Exists(_tagged(OuterRef("pk"))).desc(), "name_key", "pk")
TAGGED = Exists(_tagged(OuterRef("pk")))


def any_example(rows) -> bool:
    return any(row.extra["example_tagged"] for row in rows)


def cell(row) -> str:
    shown = escape(EXAMPLE) if row.extra["example_tagged"] else ""
    return f'<td data-testid="example-cell">{shown}</td>'


def latest_tags(member, account) -> list[str]:
    """The Overview card: the account's first five tag names (empty: the card hides)."""
    return list(account.tags.order_by("name").values_list("name", flat=True)[:5])


def example_clients(member, accounts, now) -> list[str]:
    """The digest part: the names of the subscribed accounts tagged Example (empty: no part)."""
    return [a.name for a in accounts if _tagged(a.pk).exists()]

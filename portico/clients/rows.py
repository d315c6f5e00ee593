"""The Clients page's rows (C-2, C-3, C-7) as plain values, ready to render.

Model instances with their prefetched tags and team, and per-row `{% url %}` and translation tags,
cost about 0.4 ms a row: more than all of the page's SQL at 100,000 accounts. Here a page of rows
is three queries of values, labels translated once per page and URLs built from one reverse()
each."""

import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F
from django.db.models.lookups import GreaterThan
from django.urls import reverse
from django.utils.translation import gettext as _

from portico.clients.models import ClientAccount, Tag, TeamMembership
from portico.core import compiled
from portico.core.dates import numeric_datetime
from portico.core.registry import ClientsColumn, registry
from portico.firms.models import display_name, initials_of

SENTINEL = 2_147_483_647


def is_active():
    """C-7: green when a contact email of the account has Login on (pending activation counts),
    as the account's login_emails tally says."""
    return GreaterThan(F("login_emails"), 0)


COLUMNS = ["pk", "name", "kind", "onboarding", "photo", "active", "last_login"]


@dataclass(slots=True)
class Row:
    pk: int
    name: str
    kind: str
    onboarding: str
    photo: str
    active: bool
    last_login: datetime | None
    extra: dict = field(default_factory=dict)  # the values of the apps' columns (ClientsColumn)
    initials: str = ""
    status: str = ""  # C-7: "active" or "disconnected"
    status_label: str = ""
    last_login_text: str = ""
    kind_label: str = ""
    onboarding_label: str = ""
    select_label: str = ""
    actions_label: str = ""
    urls: dict = field(default_factory=dict)
    tags: list = field(default_factory=list)
    team: list = field(default_factory=list)

    def __getitem__(self, name):
        # Templates try `row[name]` before `row.name`: answering it spares them an exception for
        # each of the ~30 values of a row.
        return getattr(self, name)


def url_maker(name):
    """reverse() for any id at the cost of one call: the URL of a sentinel id, split around it."""
    head, tail = reverse(name, args=[SENTINEL]).split(str(SENTINEL))
    return lambda pk: f"{head}{pk}{tail}"


ROW_URLS = {
    "info": "clients:info",
    "workspace": "clients:workspace",
    "photo": "clients:photo",
    "notify": "notifications:notify",
}


def rows_for(firm, ids) -> list[Row]:
    """The rows of these accounts of the firm, in the order of `ids`: three queries, compiled
    once per number of rows (core/compiled.py)."""
    extra = column_values()
    found = compiled.values(("rows", firm.pk), lambda ids: _accounts(firm.pk, ids, extra), ids)
    by_pk = {values["pk"]: _row(values, extra) for values in found}
    rows = [by_pk[pk] for pk in ids if pk in by_pk]
    _label(rows, zoneinfo.ZoneInfo(firm.time_zone))
    _add_tags_and_team(by_pk)
    return rows


def column_values() -> dict:
    """{name: query expression} of every value the apps' columns read (ClientsColumn.values)."""
    values = {}
    for column in registry.all(ClientsColumn):
        values.update(column.values)
    return values


def _row(values, extra) -> Row:
    return Row(**{name: values[name] for name in COLUMNS}, extra={k: values[k] for k in extra})


def _accounts(firm_id, ids, extra):
    return (
        ClientAccount.objects.filter(firm=firm_id, pk__in=ids)
        .annotate(active=is_active(), last_login=F("portal_activity__last_login"), **extra)
        .values(*COLUMNS, *extra)
    )


def _label(rows, zone):
    kinds = {value: str(label) for value, label in ClientAccount.Kind.choices}
    steps = {value: str(label) for value, label in ClientAccount.Onboarding.choices}
    statuses = {True: ("active", _("Active")), False: ("disconnected", _("Disconnected"))}
    select, actions = _("Select %(name)s"), _("Actions for %(name)s")
    urls = {key: url_maker(name) for key, name in ROW_URLS.items()}
    for row in rows:
        row.initials = initials_of(row.name)
        row.kind_label, row.onboarding_label = kinds[row.kind], steps[row.onboarding]
        row.status, row.status_label = statuses[bool(row.active)]
        if row.last_login:
            local = row.last_login.astimezone(zone)
            row.last_login_text = numeric_datetime(local)
        row.select_label, row.actions_label = (
            select % {"name": row.name},
            actions % {"name": row.name},
        )
        row.urls = {key: make(row.pk) for key, make in urls.items()}


def _tags(ids):
    tags = Tag.accounts.through.objects.filter(clientaccount__in=ids).order_by("tag__name")
    return tags.values(account=F("clientaccount"), name=F("tag__name"), colour=F("tag__colour"))


def _team(ids):
    team = TeamMembership.objects.filter(account__in=ids).order_by("member__user__email")
    return team.values(
        "account", full_name=F("member__user__full_name"), email=F("member__user__email")
    )


def _add_tags_and_team(by_pk):
    ids = list(by_pk)
    for tag in compiled.values(("row tags",), _tags, ids):
        by_pk[tag.pop("account")].tags.append(tag)
    for teammate in compiled.values(("row team",), _team, ids):
        name = display_name(teammate["full_name"], teammate["email"])
        by_pk[teammate["account"]].team.append({"name": name, "initials": initials_of(name)})

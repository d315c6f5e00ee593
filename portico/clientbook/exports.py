"""Export of the client book (C-8, X-3): one row per account and contact (an account without
contacts: one row with the contact columns empty), every account and contact field, in the
columns an import reads back (fields.columns), headers in the member's language.

CSV and XLSX are both streamed (StreamingHttpResponse) as accounts are read, CHUNK at a time:
the download starts at once and memory stays flat whatever the number of accounts (issue 18).
Every cell goes through neutralise(): a value a spreadsheet would run as a formula (=, +, -, @,
tab, CR first) is made text."""

from collections import defaultdict

from django.db import transaction
from django.http import StreamingHttpResponse
from django.utils import timezone, translation

from portico.clientbook import fields
from portico.clientbook.models import Verb
from portico.clients import listing, queries
from portico.clients.forms import ClientFilterForm
from portico.clients.models import AccountContact, ClientAccount, ContactEmail
from portico.core.exports import csv_lines, xlsx_chunks
from portico.core.history import record
from portico.core.rights import Right, require
from portico.firms.models import Language

FORMATS = {"csv", "xlsx"}
CHUNK = 500  # accounts read at a time
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def selected_ids(member, query, ids, all_matching) -> list[int]:
    """The ids of the accounts to export, in the file's order (name, then id): the ticked `ids`,
    or with `all_matching` (or nothing ticked) every account the Clients page's `query`
    matches; only those `member` may edit, in either case."""
    editable = queries.editable_accounts(member)
    if ids and not all_matching:
        accounts = editable.filter(pk__in=ids)
    else:
        counts = listing.tab_counts(member)
        tags = list(queries.firm_tags(member).values_list("pk", "name"))
        members = [(m.pk, str(m)) for m in queries.firm_members(member)]
        form = ClientFilterForm(
            query,
            tabs=listing.shown_tabs(member, counts),
            tags=tags,
            members=members,
            member=member,
        )
        # One query whose conditions are both lists' (&), read in the order of the name index,
        # rather than the editable accounts among `pk IN (the matching ones)`: at 100,000
        # accounts SQLite collected and sorted the inner list first, ~2× as long.
        accounts = listing.filtered_accounts(member, form.filters()) & editable
    return list(accounts.order_by("name_key", "pk").values_list("pk", flat=True))


@transaction.atomic
def record_export(*, member, count, file_format):
    """The export's History event: what and how many accounts (X-1)."""
    require(member, Right.MANAGE_ACCOUNTS)
    record(
        actor=member.user,
        firm=member.firm,
        verb=Verb.EXPORTED,
        subject=file_format.upper(),
        after={"accounts": count, "format": file_format},
    )


def response(*, member, ids, file_format):
    """The download of the accounts `ids` (in that order) as `file_format`, recorded in History:
    streamed, its first bytes sent before the first account is read."""
    record_export(member=member, count=len(ids), file_format=file_format)
    language = translation.get_language()
    rows = _translated(language, lambda: rows_of(member, ids))
    if file_format == "csv":
        delimiter = "," if language == "en" else ";"
        content = csv_lines(rows, delimiter=delimiter)
    else:
        content = xlsx_chunks(rows)
    result = StreamingHttpResponse(content, content_type=CONTENT_TYPES[file_format])
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    result["Content-Disposition"] = f'attachment; filename="clients-{stamp}.{file_format}"'
    return result


def _translated(language, make):
    """The items of make() produced with `language` active (a streamed response's generator
    runs after the view has returned, when the request's language is gone)."""
    with translation.override(language):
        yield from make()


def rows_of(member, ids):
    """The header, then a row per account and contact of the accounts `ids`, in that order."""
    custom = list(member.firm.custom_fields.all())
    columns = fields.columns(custom)
    yield [label for _key, label in columns]
    for start in range(0, len(ids), CHUNK):
        yield from _chunk_rows(ids[start : start + CHUNK], columns)


# Read as values, not models: building a ClientAccount, an AccountContact and its Contact took
# ~3/4 of the export's database time (their JSON and datetime fields converted one by one).
ACCOUNT_FIELDS = ("pk", "name", "kind", "tax_id", *fields.ACCOUNT_ADDRESS, "custom_values")
CONTACT_FIELDS = tuple(
    f"contact__{name}"
    for name in ("first_name", "last_name", "phone", "language", *fields.ACCOUNT_ADDRESS)
) + ("contact__custom_values",)


def _chunk_rows(ids, columns):
    accounts = ClientAccount.objects.filter(pk__in=ids).values(*ACCOUNT_FIELDS)
    accounts = {account["pk"]: account for account in accounts}
    tags = defaultdict(list)
    through = ClientAccount.tags.through.objects.filter(clientaccount_id__in=ids)
    for account_id, name in through.values_list("clientaccount_id", "tag__name"):
        tags[account_id].append(name)
    links = defaultdict(list)
    found = AccountContact.objects.filter(account_id__in=ids).order_by("signer_priority", "pk")
    for link in found.values("account_id", "contact_id", "description", *CONTACT_FIELDS):
        links[link["account_id"]].append(link)
    emails = defaultdict(list)
    contact_ids = {link["contact_id"] for group in links.values() for link in group}
    for contact_id, address in (
        ContactEmail.objects.filter(contact_id__in=contact_ids)
        .order_by("-is_primary", "email")
        .values_list("contact_id", "email")
    ):
        emails[contact_id].append(address)
    # Labels translated once a chunk, not once a row (gettext costs ~20 µs a call).
    kinds = {value: str(label) for value, label in ClientAccount.Kind.choices}
    languages = {value: str(label) for value, label in Language.choices}
    for pk in ids:
        account_values = _account_values(accounts[pk], sorted(tags[pk]), kinds)
        for link in links[pk] or [None]:
            values = dict(account_values)
            if link is not None:
                values |= _contact_values(link, emails[link["contact_id"]], languages)
            yield [values.get(key, "") for key, _label in columns]


def _account_values(account, tags, kinds):
    """An account's cells by field key, from its ACCOUNT_FIELDS values."""
    values = {key: account[key] for key in ("name", "tax_id", *fields.ACCOUNT_ADDRESS)}
    values |= {
        "id": account["pk"],
        "kind": kinds.get(account["kind"], account["kind"]),
        "tags": ", ".join(tags),
    }
    values |= {f"account:{pk}": value for pk, value in account["custom_values"].items()}
    return values


def _contact_values(link, addresses, languages):
    """A contact's cells by field key, from a link's values (its contact's as contact__…)."""
    language = link["contact__language"]
    values = {
        "first_name": link["contact__first_name"],
        "last_name": link["contact__last_name"],
        "email": addresses[0] if addresses else "",
        "other_emails": " ".join(addresses[1:]),
        "phone": link["contact__phone"],
        "language": languages.get(language, language),
        "description": link["description"],
    }
    values |= {key: link[f"contact__{name}"] for key, name in fields.CONTACT_ADDRESS.items()}
    custom = link["contact__custom_values"]
    values |= {f"contact:{pk}": value for pk, value in custom.items()}
    return values

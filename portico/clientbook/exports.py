"""Export of the client book (C-8, X-3): one row per account and contact (an account without
contacts: one row with the contact columns empty), every account and contact field, in the
columns an import reads back (fields.columns), headers in the member's language.

CSV is streamed (StreamingHttpResponse) as accounts are read, CHUNK at a time; XLSX is written
by openpyxl's write-only workbook to a temporary file, then sent. Memory stays flat whatever
the number of accounts. Every cell goes through neutralise(): a value a spreadsheet would run
as a formula (=, +, -, @, tab, CR first) is made text."""

from collections import defaultdict

from django.db import transaction
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation

from portico.clientbook import fields
from portico.clientbook.models import Verb
from portico.clients import listing, queries
from portico.clients.forms import ClientFilterForm
from portico.clients.models import AccountContact, ClientAccount, ContactEmail
from portico.core.exports import csv_lines, xlsx_file
from portico.core.history import record
from portico.core.rights import Right, require
from portico.firms.models import Language

FORMATS = {"csv", "xlsx"}
CHUNK = 500  # accounts read at a time
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def selected_accounts(member, query, ids, all_matching):
    """The accounts to export: the ticked `ids`, or with `all_matching` (or nothing ticked)
    every account the Clients page's `query` matches, among those `member` may edit."""
    editable = queries.editable_accounts(member)
    if ids and not all_matching:
        return editable.filter(pk__in=ids)
    counts = listing.tab_counts(member)
    tags = list(queries.firm_tags(member).values_list("pk", "name"))
    members = [(m.pk, str(m)) for m in queries.firm_members(member)]
    form = ClientFilterForm(
        query, tabs=listing.shown_tabs(member, counts), tags=tags, members=members, member=member
    )
    matching = listing.filtered_accounts(member, form.filters()).values("pk")
    return editable.filter(pk__in=matching)


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


def response(*, member, accounts, file_format):
    """The download of `accounts` (a queryset) as `file_format`, recorded in History."""
    ids = list(accounts.order_by("name_key", "pk").values_list("pk", flat=True))
    record_export(member=member, count=len(ids), file_format=file_format)
    language = translation.get_language()
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    name = f"clients-{stamp}.{file_format}"
    if file_format == "csv":
        rows = _translated(language, lambda: rows_of(member, ids))
        delimiter = "," if language == "en" else ";"
        result = StreamingHttpResponse(
            csv_lines(rows, delimiter=delimiter), content_type=CONTENT_TYPES["csv"]
        )
        result["Content-Disposition"] = f'attachment; filename="{name}"'
        return result
    with translation.override(language):
        handle = xlsx_file(rows_of(member, ids))
    return FileResponse(
        handle, as_attachment=True, filename=name, content_type=CONTENT_TYPES["xlsx"]
    )


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


def _chunk_rows(ids, columns):
    accounts = ClientAccount.objects.filter(pk__in=ids).in_bulk()
    tags = defaultdict(list)
    through = ClientAccount.tags.through.objects.filter(clientaccount_id__in=ids)
    for account_id, name in through.values_list("clientaccount_id", "tag__name"):
        tags[account_id].append(name)
    links = defaultdict(list)
    found = AccountContact.objects.filter(account_id__in=ids).select_related("contact")
    for link in found.order_by("signer_priority", "pk"):
        links[link.account_id].append(link)
    emails = defaultdict(list)
    contact_ids = {link.contact_id for group in links.values() for link in group}
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
        account = accounts[pk]
        account_values = _account_values(account, sorted(tags[pk]), kinds)
        for link in links[pk] or [None]:
            values = dict(account_values)
            if link is not None:
                values |= _contact_values(link, emails[link.contact_id], languages)
            yield [values.get(key, "") for key, _label in columns]


def _account_values(account, tags, kinds):
    values = {
        "id": account.pk,
        "name": account.name,
        "kind": kinds.get(account.kind, account.kind),
        "tax_id": account.tax_id,
        "tags": ", ".join(tags),
    }
    values |= {key: getattr(account, key) for key in fields.ACCOUNT_ADDRESS}
    values |= {f"account:{pk}": value for pk, value in account.custom_values.items()}
    return values


def _contact_values(link, addresses, languages):
    contact = link.contact
    values = {
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "email": addresses[0] if addresses else "",
        "other_emails": " ".join(addresses[1:]),
        "phone": contact.phone,
        "language": languages.get(contact.language, contact.language),
        "description": link.description,
    }
    values |= {key: getattr(contact, name) for key, name in fields.CONTACT_ADDRESS.items()}
    values |= {f"contact:{pk}": value for pk, value in contact.custom_values.items()}
    return values

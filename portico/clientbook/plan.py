"""The dry run of a client-book import (X-3): what each row of the file would do — create,
update, skip (nothing differs) or error — worked out against the firm as it is now, writing
nothing. The import (actions.import_clients) writes exactly what a plan says.

A row is an account and, optionally, one of its contacts; an account with several contacts
takes several rows. The account is found by its Portico ID, else by its tax id, else by a
contact email of the row whose contact is linked to an account of the same name; rows of the
file naming the same new account (same tax id, or same name) are one account. A contact is
found by its email (an email of another contact, in the firm or earlier in the file, is an
error), else among the account's contacts by name. Empty cells leave values as they are; tags
are added, never removed. Read docs/IMPORT-CLIENTS.md for the file's columns.
"""

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from portico.clientbook import fields, values
from portico.clients import queries
from portico.clients.models import AccountContact, ClientAccount, ContactEmail, CustomField, Tag
from portico.core import rights, tabular
from portico.core.rights import Right
from portico.core.text import fold

LIMITS = tabular.Limits(size=10 * 1024 * 1024, rows=30_000, value=2000)
CHUNK = 500  # ids in one IN (…) query: under SQLite's parameter limit
LISTED = 500  # rows listed in the report; the others are counted
CONTACT_KEYS = {"first_name", "last_name", "email", "other_emails", "phone", "language"}
CONTACT_KEYS |= set(fields.CONTACT_ADDRESS) | {"description"}
# What core.exports.neutralise puts an apostrophe before (its full-width forms too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


@dataclass
class NewAccount:
    ref: int
    row: int
    data: dict  # model field → value
    tags: list = field(default_factory=list)  # Tag ids


@dataclass
class NewContact:
    ref: int
    row: int
    data: dict
    emails: list = field(default_factory=list)  # addresses, the first one primary


@dataclass
class RowResult:
    row: int
    action: str  # "create", "update", "skip" or "error"
    account: str = ""
    contact: str = ""
    problems: list = field(default_factory=list)  # (column header, message)
    changes: list = field(default_factory=list)  # labels of what changes


@dataclass
class Plan:
    """What the import would do. Accounts and contacts are referred to as ("id", pk) when they
    exist, ("new", ref) when the import creates them."""

    header: list = field(default_factory=list)
    mapping: list = field(default_factory=list)
    problem: str = ""  # the whole file cannot be read
    results: list = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    new_accounts: list = field(default_factory=list)
    account_changes: dict = field(default_factory=dict)  # pk → {field: (before, after)}
    account_tags: list = field(default_factory=list)  # (pk, tag id) added to existing ones
    new_contacts: list = field(default_factory=list)
    contact_changes: dict = field(default_factory=dict)
    contact_emails: list = field(default_factory=list)  # (contact pk, address) added
    new_links: list = field(default_factory=list)  # (account ref, contact ref, description)
    link_changes: dict = field(default_factory=dict)  # link pk → description

    @property
    def ok(self) -> bool:
        return not self.problem and not self.counts["error"] and bool(self.results)

    @property
    def changes(self) -> int:
        return self.counts["create"] + self.counts["update"]

    def listed(self):
        """The rows the report shows: errors first, then the others, at most LISTED."""
        errors = [r for r in self.results if r.action == "error"]
        others = [r for r in self.results if r.action != "error"]
        return (errors + others)[:LISTED]


@dataclass
class Report:
    """A dry run as the check page shows it and the ClientImport keeps it (as_json), so the
    page never plans again: the whole file's problem or the counts per action, and the LISTED
    rows (RowResult's fields) of plan.listed()."""

    problem: str = ""
    counts: dict = field(default_factory=dict)
    rows: list = field(default_factory=list)
    total: int = 0  # rows of the file after the header

    @classmethod
    def of(cls, plan: Plan) -> "Report":
        counts = {key: plan.counts[key] for key in ("create", "update", "skip", "error")}
        listed = [asdict(result) for result in plan.listed()]
        return cls(plan.problem, counts, listed, len(plan.results))

    @classmethod
    def from_json(cls, data: dict) -> "Report":
        return (
            cls(**data) if data else cls(problem=_("Check this file again, with the button below."))
        )

    def as_json(self) -> dict:
        return asdict(self)

    @property
    def ok(self) -> bool:
        return not self.problem and not self.counts.get("error") and bool(self.total)

    @property
    def changes(self) -> int:
        return self.counts.get("create", 0) + self.counts.get("update", 0)

    @property
    def hidden_rows(self) -> int:
        return max(0, self.total - len(self.rows))


def read_header(data: bytes) -> tuple[list[str], str]:
    """The file's header row and "" — or [] and the message saying why it cannot be read."""
    try:
        for _number, header in tabular.read_table(data, LIMITS):
            return [h.strip() for h in header], ""
    except tabular.Unreadable as error:
        return [], error.message
    return [], _("This file is empty.")


def build(*, member, data: bytes, mapping: list[str], progress=None, counted=None) -> Plan:
    """The plan of importing `data` with `mapping` (a field key or "" per column) for
    `member`; any bytes give a plan, never an exception. For the worker's progress bar,
    `counted(rows)` is called once the file is read (its rows after the header) and
    `progress(rows)` every CHUNK rows worked out."""
    plan = Plan(mapping=list(mapping))
    try:
        records = list(tabular.read_table(data, LIMITS))
    except tabular.Unreadable as error:
        plan.problem = error.message
        if error.row:
            plan.problem = _("Row %(row)s: %(message)s") % {
                "row": error.row,
                "message": error.message,
            }
        return plan
    if not records:
        plan.problem = _("This file is empty.")
        return plan
    plan.header = [h.strip() for h in records[0][1]]
    if "name" not in mapping and "id" not in mapping and "tax_id" not in mapping:
        plan.problem = _("Choose which column holds the account name.")
        return plan
    rows = records[1:]
    if not rows:
        plan.problem = _("The file has a header but no rows.")
        return plan
    if counted:
        counted(len(rows))
    Planner(member, plan, rows).run(progress)
    return plan


class Planner:
    """Works out a plan row by row, after reading once what the file refers to."""

    def __init__(self, member, plan, rows):
        self.member, self.plan, self.rows = member, plan, rows
        self.position = {key: i for i, key in enumerate(plan.mapping) if key}
        custom_fields = CustomField.objects.filter(firm=member.firm)
        self.custom = {fields.custom_key(f): f for f in custom_fields}
        self.tags = {fold(t.name): t for t in Tag.objects.filter(firm=member.firm)}
        self.file_accounts = {}  # ("tax", id) / ("name", folded) / ("id", pk) → account ref
        self.file_emails = {}  # address → (contact ref, folded name, row)
        self.file_contacts = {}  # (account ref, folded name) → contact ref
        self.new_accounts, self.new_contacts = {}, {}  # ref → NewAccount / NewContact
        self.linked = set()  # (account ref, contact ref) linked, now or by this plan
        self.seen_accounts = set()  # existing accounts whose changes are noted

    def run(self, progress):
        self._load()
        for done, (number, cells) in enumerate(self.rows, start=1):
            self._row(number, cells)
            if progress and done % CHUNK == 0:
                progress(done)
        self.plan.new_accounts = list(self.new_accounts.values())
        self.plan.new_contacts = list(self.new_contacts.values())

    # --- reading what the file refers to, a few queries per CHUNK rows -----------------------

    def _column(self, key):
        index = self.position.get(key)
        return [] if index is None else [c[index].strip() for _n, c in self.rows if index < len(c)]

    def _load(self):
        firm = self.member.firm
        ids = {int(v) for v in self._column("id") if v.isdigit() and len(v) < 18}
        taxes = set()
        for raw in self._column("tax_id"):
            if normal := values.tax_id(raw, []):
                taxes.add(normal)
        addresses = set()
        for key in ("email", "other_emails"):
            for raw in self._column(key):
                addresses.update(values.emails(raw, []))
        accounts = {}
        for chunk in chunks(ids):
            accounts |= {a.pk: a for a in ClientAccount.objects.filter(firm=firm, pk__in=chunk)}
        for chunk in chunks(taxes):
            accounts |= {a.pk: a for a in ClientAccount.objects.filter(firm=firm, tax_id__in=chunk)}
        self.email_owner, self.contacts = {}, {}
        for chunk in chunks(addresses):
            found = ContactEmail.objects.filter(contact__firm=firm, email__in=chunk)
            for row in found.select_related("contact"):
                self.email_owner[row.email] = row.contact_id
                self.contacts[row.contact_id] = row.contact
        self.contact_emails = defaultdict(list)
        for chunk in chunks(self.contacts):
            for contact_id, address in ContactEmail.objects.filter(
                contact_id__in=chunk
            ).values_list("contact_id", "email"):
                self.contact_emails[contact_id].append(address)
        # The links of the contacts found and of the accounts found, with the accounts they
        # name: an email finds its account by name among them.
        links = []
        linked = AccountContact.objects.select_related("contact")
        for chunk in chunks(self.contacts):
            links += linked.filter(contact_id__in=chunk)
        for chunk in chunks(accounts):
            links += linked.filter(account_id__in=chunk)
        missing = {link.account_id for link in links} - set(accounts)
        for chunk in chunks(missing):
            accounts |= {a.pk: a for a in ClientAccount.objects.filter(pk__in=chunk)}
        self.accounts = accounts
        self.by_tax = {a.tax_id: a for a in accounts.values() if a.tax_id}
        self.links, self.account_links = {}, defaultdict(list)
        for link in links:
            if (link.account_id, link.contact_id) in self.links:
                continue
            self.links[(link.account_id, link.contact_id)] = link
            self.account_links[link.account_id].append(link)
            self.contacts.setdefault(link.contact_id, link.contact)
        for chunk in chunks(set(self.contacts) - set(self.contact_emails)):
            for contact_id, address in ContactEmail.objects.filter(
                contact_id__in=chunk
            ).values_list("contact_id", "email"):
                self.contact_emails[contact_id].append(address)
        self.editable = self._editable(accounts)
        self.account_tags = defaultdict(set)
        through = ClientAccount.tags.through
        for chunk in chunks(accounts):
            for account_id, tag_id in through.objects.filter(
                clientaccount_id__in=chunk
            ).values_list("clientaccount_id", "tag_id"):
                self.account_tags[account_id].add(tag_id)

    def _editable(self, accounts):
        if rights.has(self.member, Right.MANAGE_ACCOUNTS) and rights.has(
            self.member, Right.SEE_ALL_ACCOUNTS
        ):
            return set(accounts)
        editable = set()
        for chunk in chunks(accounts):
            found = queries.editable_accounts(self.member).filter(pk__in=chunk)
            editable |= set(found.values_list("pk", flat=True))
        return editable

    # --- one row -------------------------------------------------------------------------

    def _row(self, number, cells):
        result = RowResult(row=number, action="skip")
        self.result, self.cells = result, cells
        account_ref = self._account(result)
        if any(self._cell(key) for key in CONTACT_KEYS) and account_ref is not None:
            self._contact(result, account_ref)
        if result.problems:
            result.action = "error"
        elif result.action == "skip" and result.changes:
            result.action = "update"
        self.plan.counts[result.action] += 1
        self.plan.results.append(result)

    def _cell(self, key):
        """The cell of `key`, trimmed; an apostrophe an export put before a value that starts
        like a formula (exports.neutralise) is taken off again."""
        index = self.position.get(key)
        if index is None or index >= len(self.cells):
            return ""
        value = self.cells[index]
        if value[:1] == "'" and value[1:2] in FORMULA_STARTS:
            value = value[1:]
        return value.strip()

    def _problem(self, key, message):
        header = self.plan.header
        index = self.position.get(key)
        column = header[index] if index is not None and index < len(header) else ""
        self.result.problems.append((column or str(fields.BY_KEY[key].label), message))

    def _read(self, key, reader, *args):
        """The cell of `key` read by `reader` (None when empty or wrong, the problem noted)."""
        raw = self._cell(key)
        if not raw:
            return None
        problems = []
        value = reader(raw, *args, problems)
        for message in problems:
            self._problem(key, message)
        return value

    def _account_values(self):
        """Model field → value of the account cells that are filled and readable."""
        found = {}
        if (name := self._read("name", values.text, 200)) is not None:
            found["name"] = name
        if (kind := self._read("kind", values.kind)) is not None:
            found["kind"] = kind
        for key in fields.ACCOUNT_ADDRESS:
            reader = (
                (values.country,) if key == "country" else (values.text, values.TEXT_LIMITS[key])
            )
            if (value := self._read(key, *reader)) is not None:
                found[key] = value
        return found, self._custom_values("account:")

    def _custom_values(self, prefix):
        """Custom field id (as the JSON keeps it) → value of the filled custom cells."""
        custom = {}
        for key, custom_field in self.custom.items():
            if not key.startswith(prefix) or key not in self.position:
                continue
            if (value := self._read(key, values.custom, custom_field)) is not None:
                custom[str(custom_field.pk)] = value
        return custom

    def _tag_ids(self):
        raw = self._cell("tags")
        ids = []
        for name in filter(None, (part.strip() for part in raw.replace(";", ",").split(","))):
            tag = self.tags.get(fold(name))
            if tag is None:
                self._problem("tags", _("the tag “%(name)s” does not exist") % {"name": name[:60]})
            elif tag.pk not in ids:
                ids.append(tag.pk)
        return ids

    def _find_account(self, name):
        """The existing account of the row (or None), by Portico ID, then tax id."""
        raw_id, account = self._cell("id"), None
        if raw_id:
            account = self.accounts.get(int(raw_id)) if raw_id.isdigit() else None
            if account is None or account.pk not in self.editable:
                self._problem(
                    "id", _("no client you may change has the ID “%(id)s”") % {"id": raw_id[:20]}
                )
                return None, ""
        tax = self._read("tax_id", values.tax_id) or ""
        if tax and (other := self.by_tax.get(tax)):
            if account and other.pk != account.pk:
                self._problem(
                    "tax_id", _("this tax ID is the client %(name)s's") % {"name": other.name}
                )
            elif account is None and other.pk not in self.editable:
                self._problem("tax_id", _("this tax ID is a client's you may not change"))
            account = account or other
        if account is None and name:
            account = self._account_by_email(name)
        return account, tax

    def _account_by_email(self, name):
        address = values.email(self._cell("email"), []) if self._cell("email") else None
        contact_id = self.email_owner.get(address)
        if contact_id is None:
            return None
        key = fold(name)
        for (account_id, linked_contact), _link in self.links.items():
            account = self.accounts.get(account_id)
            if linked_contact == contact_id and account and fold(account.name) == key:
                return account if account.pk in self.editable else None
        return None

    def _account(self, result):
        """The row's account reference (None when it cannot be told), noting its changes."""
        found, custom = self._account_values()
        name = found.get("name", "")
        account, tax = self._find_account(name)
        tag_ids = self._tag_ids()
        if account is not None:
            ref = ("id", account.pk)
            result.account = account.name
            if account.pk not in self.seen_accounts:
                self._account_changes(result, account, found, custom, tax, tag_ids)
            self.seen_accounts.add(account.pk)
            return ref
        key = ("tax", tax) if tax else ("name", fold(name))
        if key in self.file_accounts:
            ref = self.file_accounts[key]
            result.account = self.new_accounts[ref[1]].data["name"]
            new = self.new_accounts[ref[1]]
            new.tags += [t for t in tag_ids if t not in new.tags]
            return ref
        if not name:
            self._problem("name", _("the account name is empty"))
            return None
        ref = ("new", len(self.new_accounts))
        data = {"name": name, "tax_id": tax, "custom_values": custom, **found}
        self.new_accounts[ref[1]] = NewAccount(ref[1], result.row, data, tag_ids)
        self.file_accounts[key] = ref
        result.account, result.action = name, "create"
        result.changes.append(_("new client"))
        return ref

    def _account_changes(self, result, account, found, custom, tax, tag_ids):
        changes = {
            f: (getattr(account, f), v) for f, v in found.items() if getattr(account, f) != v
        }
        if tax and tax != account.tax_id:
            changes["tax_id"] = (account.tax_id, tax)
        merged = account.custom_values | custom
        if merged != account.custom_values:
            changes["custom_values"] = (account.custom_values, merged)
        if changes:
            self.plan.account_changes[account.pk] = changes
            result.changes += [_field_label(f) for f in changes]
        added = [t for t in tag_ids if t not in self.account_tags[account.pk]]
        if added:
            self.plan.account_tags += [(account.pk, t) for t in added]
            self.account_tags[account.pk].update(added)
            result.changes.append(_("tags"))

    # --- the row's contact ---------------------------------------------------------------

    def _contact_values(self):
        found = {}
        for key in ("first_name", "last_name", "phone"):
            if (value := self._read(key, values.text, values.CONTACT_LIMITS[key])) is not None:
                found[key] = value
        if (language := self._read("language", values.language)) is not None:
            found["language"] = language
        for key, name in fields.CONTACT_ADDRESS.items():
            reader = (
                (values.country,) if name == "country" else (values.text, values.TEXT_LIMITS[name])
            )
            if (value := self._read(key, *reader)) is not None:
                found[name] = value
        return found, self._custom_values("contact:")

    def _contact(self, result, account_ref):
        found, custom = self._contact_values()
        primary = self._read("email", values.email)
        others = self._read("other_emails", values.emails) or []
        addresses = [a for a in dict.fromkeys([primary, *others]) if a]
        full = fold(" ".join(found.get(k, "") for k in ("first_name", "last_name")))
        ref = self._contact_by_email(addresses, full)
        if ref is False:
            return
        if ref is None and not addresses:
            ref = self.file_contacts.get((account_ref, full)) or self._linked_by_name(
                account_ref, full
            )
        description = self._read("description", values.text, 200)
        if ref is None:
            if not found.get("first_name"):
                self._problem("first_name", _("the contact's first name is empty"))
                return
            ref = ("new", len(self.new_contacts))
            self.new_contacts[ref[1]] = NewContact(
                ref[1], result.row, {**found, "custom_values": custom}, addresses
            )
            result.changes.append(_("new contact"))
            if result.action == "skip":
                result.action = "create"
        elif ref[0] == "id":
            self._contact_changes(result, self.contacts[ref[1]], found, custom, addresses)
        for address in addresses:
            self.file_emails.setdefault(address, (ref, full, result.row))
        self.file_contacts.setdefault((account_ref, full), ref)
        result.contact = " ".join(found.get(k, "") for k in ("first_name", "last_name")).strip()
        result.contact = result.contact or (addresses[0] if addresses else "")
        self._link(result, account_ref, ref, description)

    def _contact_by_email(self, addresses, full):
        """The contact these addresses belong to: ("id", pk), ("new", ref), None for none, or
        False when they belong to different contacts or to a contact of another name."""
        owners = set()
        for address in addresses:
            if address in self.file_emails:
                ref, name, row = self.file_emails[address]
                if full and name and name != full:
                    self._problem(
                        "email",
                        _("%(email)s is in row %(row)s for another contact")
                        % {"email": address, "row": row},
                    )
                    return False
                owners.add(ref)
            elif (contact_id := self.email_owner.get(address)) is not None:
                contact = self.contacts[contact_id]
                if full and fold(contact.full_name) != full:
                    self._problem(
                        "email",
                        _("%(email)s is the email of another contact, %(name)s")
                        % {"email": address, "name": contact.full_name},
                    )
                    return False
                owners.add(("id", contact_id))
        if len(owners) > 1:
            self._problem("other_emails", _("these emails belong to different contacts"))
            return False
        return owners.pop() if owners else None

    def _linked_by_name(self, account_ref, full):
        if account_ref[0] != "id" or not full:
            return None
        for link in self.account_links[account_ref[1]]:
            if fold(link.contact.full_name) == full:
                self.contacts.setdefault(link.contact_id, link.contact)
                return ("id", link.contact_id)
        return None

    def _contact_changes(self, result, contact, found, custom, addresses):
        found = {k: v for k, v in found.items() if k not in ("first_name", "last_name")}
        changes = {
            f: (getattr(contact, f), v) for f, v in found.items() if getattr(contact, f) != v
        }
        merged = contact.custom_values | custom
        if merged != contact.custom_values:
            changes["custom_values"] = (contact.custom_values, merged)
        if changes and contact.pk not in self.plan.contact_changes:
            self.plan.contact_changes[contact.pk] = changes
            result.changes += [_field_label(f, contact=True) for f in changes]
        new = [a for a in addresses if a not in self.contact_emails[contact.pk]]
        if new:
            self.plan.contact_emails += [(contact.pk, a) for a in new]
            self.contact_emails[contact.pk] += new
            result.changes.append(_("emails"))

    def _link(self, result, account_ref, contact_ref, description):
        pair = (account_ref, contact_ref)
        if pair in self.linked:
            return
        self.linked.add(pair)
        existing = None
        if account_ref[0] == "id" and contact_ref[0] == "id":
            existing = self.links.get((account_ref[1], contact_ref[1]))
        if existing is None:
            self.plan.new_links.append((account_ref, contact_ref, description or ""))
            if result.action == "skip":
                result.changes.append(_("contact linked"))
        elif description is not None and description != existing.description:
            self.plan.link_changes[existing.pk] = description
            result.changes.append(str(fields.BY_KEY["description"].label))


def _field_label(name, contact=False):
    if name == "custom_values":
        return _("custom fields")
    if name == "tax_id":
        return str(fields.BY_KEY["tax_id"].label)
    key = f"contact_{name}" if contact and name in fields.ACCOUNT_ADDRESS else name
    return str(fields.BY_KEY[key].label) if key in fields.BY_KEY else name


def chunks(items, size=CHUNK):
    items = sorted(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]

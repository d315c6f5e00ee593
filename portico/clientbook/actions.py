"""Writes of the client-book import and export (X-3, C-8): each checks the right, runs in one
transaction and records its History events."""

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from portico.clientbook import fields
from portico.clientbook import plan as planning
from portico.clientbook.models import ClientImport, ImportMapping, Verb
from portico.clients.models import (
    NAME_KEY_LENGTH,
    AccountContact,
    ClientAccount,
    Contact,
    ContactEmail,
)
from portico.core import history
from portico.core.history import record
from portico.core.inserts import insert
from portico.core.locking import AlreadyDone, lock
from portico.core.models import HistoryEvent
from portico.core.rights import Right, require
from portico.core.text import fold

State = ClientImport.State
Event = HistoryEvent.Verb
BATCH = 500  # rows a bulk_update statement
# A file up to this size (about 500 rows of a client book) is checked within the request: the
# report shows at once. A larger one is checked by the worker behind a progress bar (20,000
# rows take 10–15 s).
INLINE_CHECK_BYTES = 64 * 1024


@transaction.atomic
def upload(*, member, file_name: str, data: bytes, invite: bool) -> ClientImport:
    """Keep an uploaded file for its dry run, its columns mapped as the firm mapped them last
    time or as their names suggest, and check it (check()). Nothing of the client book is
    written."""
    require(member, Right.MANAGE_ACCOUNTS)
    header, _problem = planning.read_header(data)
    saved = ImportMapping.objects.filter(firm=member.firm).first()
    custom = list(member.firm.custom_fields.all())
    mapping = fields.suggest(header, custom, saved.columns if saved else {})
    job = ClientImport.objects.create(
        firm=member.firm,
        member=member,
        file_name=file_name[:200],
        data=data,
        header=header,
        mapping=mapping,
        invite=invite,
        state=State.CHECKING,
    )
    return check(job)


def check(job: ClientImport) -> ClientImport:
    """The dry run of `job` (in CHECKING, inside the caller's transaction): a file up to
    INLINE_CHECK_BYTES is checked at once, in the request, and the job is CHECKED when this
    returns; a larger one is handed to the worker (tasks.check_import) after commit, and its
    page shows the progress bar meanwhile."""
    from portico.clientbook.tasks import check_import, dry_run

    if len(job.data) > INLINE_CHECK_BYTES:
        transaction.on_commit(lambda: check_import.enqueue(job.pk))
        return job
    report = dry_run(job)
    job.state, job.report, job.total = State.CHECKED, report.as_json(), report.total
    job.save(update_fields=["state", "report", "total"])
    return job


@transaction.atomic
def set_mapping(*, member, job: ClientImport, mapping: list[str], invite: bool) -> ClientImport:
    """Change a checked file's column mapping, keep it as the firm's for those headers, and
    check the file again (check())."""
    require(member, Right.MANAGE_ACCOUNTS, job)
    lock(job)
    if job.state != State.CHECKED:
        raise AlreadyDone(_("This file has already been imported."))
    job.mapping, job.invite, job.state, job.processed = mapping, invite, State.CHECKING, 0
    job.save(update_fields=["mapping", "invite", "state", "processed"])
    saved, _created = ImportMapping.objects.select_for_update().get_or_create(firm=member.firm)
    saved.columns |= {
        fields.header_key(name): key for name, key in zip(job.header, mapping, strict=False)
    }
    saved.columns.pop("", None)
    saved.save(update_fields=["columns", "updated_at"])
    return check(job)


@transaction.atomic
def start_import(*, member, job: ClientImport, total: int) -> ClientImport:
    """Queue a checked file for the worker (the import itself: tasks.run_import)."""
    from portico.clientbook.tasks import run_import

    require(member, Right.MANAGE_ACCOUNTS, job)
    lock(job)
    if job.state != State.CHECKED:
        raise AlreadyDone(_("This file has already been imported."))
    job.state, job.total, job.processed = State.QUEUED, total, 0
    job.save(update_fields=["state", "total", "processed"])
    transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job


def import_clients(*, member, plan: planning.Plan, job: ClientImport | None = None) -> dict:
    """Write what `plan` says, all or nothing, with a History event per account and contact
    created or changed and one for the import; then queue invitations (A-2) for the contact
    emails of the imported accounts when the job asks for them. Returns the counts."""
    require(member, Right.MANAGE_ACCOUNTS)
    if not plan.ok:
        raise ValueError("only a plan without problems is imported")
    with transaction.atomic():
        if job is not None:
            lock(job)
            if job.state != State.RUNNING:
                raise AlreadyDone(_("This file has already been imported."))
        writer = Writer(member, plan)
        account_ids = writer.write()
        counts = {k: plan.counts[k] for k in ("create", "update", "skip")}
        record(
            actor=member.user,
            firm=member.firm,
            verb=Verb.IMPORTED,
            subject=job.file_name if job else "",
            after={**counts, "accounts": len(account_ids)},
        )
        if job is not None and job.invite and account_ids:
            _invite(member, account_ids)
        if job is not None:
            job.state, job.finished_at, job.processed = State.DONE, timezone.now(), job.total
            job.counts, job.data = counts, b""  # the file is not kept once imported
            job.save(update_fields=["state", "finished_at", "processed", "counts", "data"])
    return counts


def _invite(member, account_ids):
    """Login on and an invitation for every contact email of these accounts, through the
    portal's bulk Edit login action (it leaves out addresses already active or not invitable)."""
    from portico.portal.bulk import edit_access

    accounts = ClientAccount.objects.filter(pk__in=account_ids)
    edit_access(member=member, accounts=accounts, switches={"login": True}, invite=True)


class Writer:
    """Writes a plan in bulk: inserts as plain values (core.inserts), updates by bulk_update,
    the search texts computed here as clients.actions computes them."""

    def __init__(self, member, plan):
        self.member, self.plan = member, plan
        self.firm_id, self.actor_id = member.firm_id, member.user_id
        self.events = []

    def write(self) -> list[int]:
        """Returns the ids of every account the import created or touched."""
        new_account_ids = self._insert_accounts()
        new_contact_ids = self._insert_contacts()
        new_accounts = zip(self.plan.new_accounts, new_account_ids, strict=True)
        new_contacts = zip(self.plan.new_contacts, new_contact_ids, strict=True)
        account_id = {("new", a.ref): pk for a, pk in new_accounts}
        contact_id = {("new", c.ref): pk for c, pk in new_contacts}
        account_id |= {("id", pk): pk for pk in self._touched_accounts()}
        self._update_accounts()
        self._update_contacts()
        links = [
            (account_id[a] if a[0] == "new" else a[1], contact_id[c] if c[0] == "new" else c[1], d)
            for a, c, d in self.plan.new_links
        ]
        self._insert_links(links)
        self._update_links()
        # New accounts linked only to new contacts got their full search text when inserted.
        changed = set(self.plan.contact_changes) | {pk for pk, _a in self.plan.contact_emails}
        accounts = set(self.plan.account_changes) | {
            account_id[a] for a, c, _d in self.plan.new_links if a[0] == "id" or c[0] == "id"
        }
        for chunk in planning.chunks(changed):
            linked = AccountContact.objects.filter(contact_id__in=chunk)
            accounts |= set(linked.values_list("account_id", flat=True))
        refresh_search_texts(accounts, changed)
        history.record_many(self.events)
        touched = set(new_account_ids) | set(account_id.values())
        return sorted(touched)

    def _event(self, verb, subject, account_id=None, before=None, after=None):
        self.events.append(
            history.event(
                actor=self.actor_id,
                firm=self.firm_id,
                account=account_id,
                verb=verb,
                subject=subject,
                before=before,
                after=after,
            )
        )

    def _touched_accounts(self):
        touched = set(self.plan.account_changes) | {pk for pk, _tag in self.plan.account_tags}
        for account_ref, _contact, _d in self.plan.new_links:
            if account_ref[0] == "id":
                touched.add(account_ref[1])
        return touched

    def _insert_accounts(self):
        parts = {new.ref: [new.data["name"]] for new in self.plan.new_accounts}
        for account_ref, contact_ref, _d in self.plan.new_links:
            if account_ref[0] == "new" and contact_ref[0] == "new":
                contact = self.plan.new_contacts[contact_ref[1]]
                parts[account_ref[1]] += [_full_name(contact.data), *contact.emails]
        rows = []
        for new in self.plan.new_accounts:
            data = dict(new.data)
            data["name_key"] = fold(data["name"])[:NAME_KEY_LENGTH]
            data["search_text"] = fold(" ".join(parts[new.ref]))
            rows.append({"firm_id": self.firm_id, **data})
        ids = insert(ClientAccount, rows, returning=True)
        through = ClientAccount.tags.through
        tag_rows = [
            {"clientaccount_id": pk, "tag_id": tag}
            for new, pk in zip(self.plan.new_accounts, ids, strict=True)
            for tag in new.tags
        ]
        tag_rows += [{"clientaccount_id": pk, "tag_id": t} for pk, t in self.plan.account_tags]
        insert(through, tag_rows)
        for new, pk in zip(self.plan.new_accounts, ids, strict=True):
            after = {"name": new.data["name"], "kind": new.data.get("kind", "company")}
            self._event(Event.ACCOUNT_CREATED, new.data["name"], pk, after=after)
        return ids

    def _update_accounts(self):
        changes = self.plan.account_changes
        accounts = list(ClientAccount.objects.filter(pk__in=changes)) if changes else []
        names = set()
        for account in accounts:
            change = changes[account.pk]
            for name, (_before, after) in change.items():
                setattr(account, name, after)
            if "name" in change:
                account.name_key = fold(account.name)[:NAME_KEY_LENGTH]
            names |= set(change)
            self._event(
                Event.ACCOUNT_UPDATED,
                account.name,
                account.pk,
                before={k: v[0] for k, v in change.items()},
                after={k: v[1] for k, v in change.items()},
            )
        if accounts:
            names = sorted(names | ({"name_key"} if "name" in names else set()))
            ClientAccount.objects.bulk_update(accounts, [*names, "updated_at"], batch_size=BATCH)
        tagged = {}
        for pk, tag in self.plan.account_tags:
            tagged.setdefault(pk, []).append(tag)
        for pk, tags in tagged.items():
            self._event(Event.TAGS_CHANGED, "", pk, after={"added": tags})

    def _insert_contacts(self):
        rows = []
        for new in self.plan.new_contacts:
            full = " ".join(p for p in (new.data.get("first_name"), new.data.get("last_name")) if p)
            rows.append(
                {
                    "firm_id": self.firm_id,
                    **new.data,
                    "search_text": fold(" ".join([full, *new.emails])),
                }
            )
        ids = insert(Contact, rows, returning=True)
        emails = [
            {"contact_id": pk, "email": address, "is_primary": i == 0}
            for new, pk in zip(self.plan.new_contacts, ids, strict=True)
            for i, address in enumerate(new.emails)
        ]
        has_primary = set()
        for chunk in planning.chunks({pk for pk, _a in self.plan.contact_emails}):
            primary = ContactEmail.objects.filter(contact_id__in=chunk, is_primary=True)
            has_primary |= set(primary.values_list("contact_id", flat=True))
        for pk, address in self.plan.contact_emails:
            emails.append({"contact_id": pk, "email": address, "is_primary": pk not in has_primary})
            has_primary.add(pk)
        insert(ContactEmail, emails)
        for new, pk in zip(self.plan.new_contacts, ids, strict=True):
            full = " ".join(p for p in (new.data.get("first_name"), new.data.get("last_name")) if p)
            self._event(Event.CONTACT_CREATED, full, after={"contact": pk, "emails": new.emails})
        return ids

    def _update_contacts(self):
        changes = self.plan.contact_changes
        contacts = list(Contact.objects.filter(pk__in=changes)) if changes else []
        names = set()
        for contact in contacts:
            change = changes[contact.pk]
            for name, (_before, after) in change.items():
                setattr(contact, name, after)
            names |= set(change)
            self._event(
                Event.CONTACT_UPDATED,
                contact.full_name,
                before={k: v[0] for k, v in change.items()},
                after={k: v[1] for k, v in change.items()},
            )
        if contacts:
            Contact.objects.bulk_update(contacts, [*sorted(names), "updated_at"], batch_size=BATCH)
        for pk, address in self.plan.contact_emails:
            self._event(Event.CONTACT_UPDATED, address, after={"contact": pk, "email": address})

    def _insert_links(self, links):
        existing = {}
        account_ids = {a for a, _c, _d in links}
        for chunk in planning.chunks(account_ids):
            counted = AccountContact.objects.filter(account_id__in=chunk).values("account_id")
            for row in counted.annotate(n=Count("pk")).order_by():
                existing[row["account_id"]] = row["n"]
        rows = []
        for account, contact, description in links:
            existing[account] = existing.get(account, 0) + 1
            rows.append(
                {
                    "account_id": account,
                    "contact_id": contact,
                    "description": description,
                    "signer_priority": existing[account],
                }
            )
            self._event(Event.CONTACT_LINKED, "", account, after={"contact": contact})
        insert(AccountContact, rows)

    def _update_links(self):
        changes = self.plan.link_changes
        links = list(AccountContact.objects.filter(pk__in=changes)) if changes else []
        for link in links:
            before, link.description = link.description, changes[link.pk]
            self._event(
                Event.CONTACT_UPDATED,
                "",
                link.account_id,
                before={"description": before},
                after={"description": link.description},
            )
        if links:
            AccountContact.objects.bulk_update(links, ["description"], batch_size=BATCH)


def _full_name(data):
    return " ".join(p for p in (data.get("first_name"), data.get("last_name")) if p)


def refresh_search_texts(account_ids, contact_ids):
    """Rebuild the search text of these accounts and contacts from what they are now, as
    clients.actions.refresh_search_text does one at a time: read as plain values CHUNK at a
    time, written by one UPDATE statement run for each row (executemany)."""
    rows = []
    for chunk in planning.chunks(contact_ids):
        names = Contact.objects.filter(pk__in=chunk).values_list("pk", "first_name", "last_name")
        parts = {pk: [" ".join(p for p in (first, last) if p)] for pk, first, last in names}
        emails = ContactEmail.objects.filter(contact_id__in=chunk).order_by("-is_primary", "email")
        for contact_id, address in emails.values_list("contact_id", "email"):
            parts[contact_id].append(address)
        rows += [(fold(" ".join(p)), pk) for pk, p in parts.items()]
    _update_search_text(Contact, rows)
    rows = []
    for chunk in planning.chunks(account_ids):
        parts = {
            pk: [name]
            for pk, name in ClientAccount.objects.filter(pk__in=chunk).values_list("pk", "name")
        }
        links = AccountContact.objects.filter(account_id__in=chunk).order_by("account_id", "pk")
        linked = list(
            links.values_list(
                "account_id", "contact_id", "contact__first_name", "contact__last_name"
            )
        )
        emails = defaultdict(list)
        addresses = ContactEmail.objects.filter(contact__links__account_id__in=chunk).distinct()
        for contact_id, address in addresses.order_by("-is_primary", "email").values_list(
            "contact_id", "email"
        ):
            emails[contact_id].append(address)
        for account_id, contact_id, first, last in linked:
            parts[account_id].append(" ".join(p for p in (first, last) if p))
            parts[account_id] += emails[contact_id]
        rows += [(fold(" ".join(p)), pk) for pk, p in parts.items()]
    _update_search_text(ClientAccount, rows)


def _update_search_text(model, rows):
    """Set search_text per (text, id) of `rows`, one statement run for them all."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET search_text = %s WHERE id = %s", rows)

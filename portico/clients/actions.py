"""Writes to client accounts and contacts: each checks the right, runs in one transaction and
records its History event (X-1)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portico.clients.models import (
    AccountContact,
    ClientAccount,
    Contact,
    ContactEmail,
    CustomField,
    EmailSwitches,
    Tag,
    TeamMembership,
)
from portico.core import rights
from portico.core.history import record
from portico.core.locking import AlreadyDone, lock, lock_all
from portico.core.models import HistoryEvent
from portico.core.registry import HistoryVerb
from portico.core.rights import Right
from portico.core.text import fold

Verb = HistoryEvent.Verb
ACCOUNT_FIELDS = ("name", "kind", "street", "postal_code", "city", "region", "country")


@transaction.atomic
def create_account(*, member, name, kind, custom_values=None, **address):
    rights.require(member, Right.MANAGE_ACCOUNTS)
    account = ClientAccount.objects.create(
        firm=member.firm, name=name, kind=kind, custom_values=custom_values or {}, **address
    )
    _write_search_text(account)
    record(
        actor=member.user,
        firm=member.firm,
        account=account,
        verb=Verb.ACCOUNT_CREATED,
        subject=account.name,
        after={"name": name, "kind": kind},
    )
    return account


@transaction.atomic
def update_account(*, member, account, **changes):
    """Write the fields of `changes` that differ from the account as it is now (read again
    under a lock), and nothing else: a photo or search text changed meanwhile stays."""
    rights.require(member, Right.MANAGE_ACCOUNTS, account)
    lock(account)
    before = {f: getattr(account, f) for f in changes}
    changed = {f: v for f, v in changes.items() if before[f] != v}
    for field, value in changed.items():
        setattr(account, field, value)
    if changed:
        account.save(update_fields=[*changed, "updated_at"])
    if "name" in changed:
        _write_search_text(account)
    if changed:
        record(
            actor=member.user,
            firm=member.firm,
            account=account,
            verb=Verb.ACCOUNT_UPDATED,
            subject=account.name,
            before={f: before[f] for f in changed},
            after=changed,
        )
    return account


@transaction.atomic
def add_team_member(*, member, account, teammate):
    rights.require(member, Right.MANAGE_ACCOUNTS, account, teammate)
    _, created = TeamMembership.objects.get_or_create(account=account, member=teammate)
    if created:
        record(
            actor=member.user,
            firm=member.firm,
            account=account,
            verb=Verb.TEAM_ADDED,
            subject=str(teammate),
            after={"member": teammate.pk},
        )
    return created


@transaction.atomic
def remove_team_member(*, member, account, teammate):
    rights.require(member, Right.MANAGE_ACCOUNTS, account, teammate)
    deleted, _ = TeamMembership.objects.filter(account=account, member=teammate).delete()
    if deleted:
        record(
            actor=member.user,
            firm=member.firm,
            account=account,
            verb=Verb.TEAM_REMOVED,
            subject=str(teammate),
            before={"member": teammate.pk},
        )
    return bool(deleted)


@transaction.atomic
def set_tags(*, member, account, tags):
    rights.require(member, Right.MANAGE_ACCOUNTS, account, *tags)
    lock(account)
    before = sorted(t.name for t in account.tags.all())
    account.tags.set(tags)
    after = sorted(t.name for t in tags)
    if before != after:
        record(
            actor=member.user,
            firm=member.firm,
            account=account,
            verb=Verb.TAGS_CHANGED,
            subject=account.name,
            before={"tags": before},
            after={"tags": after},
        )


@transaction.atomic
def create_contact(*, member, first_name, last_name="", emails=(), **fields):
    """A new contact with its emails, the first one primary."""
    rights.require(member, Right.MANAGE_ACCOUNTS)
    contact = Contact.objects.create(
        firm=member.firm, first_name=first_name, last_name=last_name, **fields
    )
    ContactEmail.objects.bulk_create(
        ContactEmail(contact=contact, email=email.strip().lower(), is_primary=i == 0)
        for i, email in enumerate(emails)
    )
    refresh_contact_search_text(contact)
    record(
        actor=member.user,
        firm=member.firm,
        verb=Verb.CONTACT_CREATED,
        subject=contact.full_name,
        after={"contact": contact.pk, "emails": list(emails)},
    )
    return contact


@transaction.atomic
def link_contact(*, member, account, contact, description="", signer_priority=None):
    rights.require(member, Right.MANAGE_ACCOUNTS, account, contact)
    lock(account)
    if signer_priority is None:
        signer_priority = account.links.count() + 1
    link, created = AccountContact.objects.get_or_create(
        account=account,
        contact=contact,
        defaults={"description": description, "signer_priority": signer_priority},
    )
    if created:
        _write_search_text(account)
        record(
            actor=member.user,
            firm=member.firm,
            account=account,
            verb=Verb.CONTACT_LINKED,
            subject=contact.full_name,
            after={"contact": contact.pk, "description": description},
        )
    return link


@transaction.atomic
def unlink_contact(*, member, link):
    """Returns False when the link was already gone (unlinked by someone else meanwhile)."""
    rights.require(member, Right.MANAGE_ACCOUNTS)
    account, contact = link.account, link.contact
    rights.require(member, None, account)
    lock(account)
    deleted, _ = AccountContact.objects.filter(pk=link.pk).delete()
    if not deleted:
        return False
    _write_search_text(account)
    record(
        actor=member.user,
        firm=member.firm,
        account=account,
        verb=Verb.CONTACT_UNLINKED,
        subject=contact.full_name,
        before={"contact": contact.pk},
    )
    return True


@transaction.atomic
def set_switches(*, member, link, email, **switches):
    """Turn Login, Notify, Email sync or signing authority on or off for an email on an account."""
    rights.require(member, Right.MANAGE_ACCOUNTS, link.account)
    if email.contact_id != link.contact_id:
        raise PermissionDenied
    rows = EmailSwitches.objects.select_for_update(no_key=True)
    row, _ = rows.get_or_create(link=link, email=email)
    before = {name: getattr(row, name) for name in switches}
    changed = {name: value for name, value in switches.items() if before[name] != value}
    if not changed:
        return row
    for name, value in changed.items():
        setattr(row, name, value)
    row.save(update_fields=list(changed))
    record(
        actor=member.user,
        firm=member.firm,
        account=link.account,
        verb=Verb.SWITCHES_CHANGED,
        subject=email.email,
        before={n: before[n] for n in changed},
        after=changed,
    )
    return row


@transaction.atomic
def refresh_search_text(account):
    """Rebuild what "Search clients" matches: the name, contact names and every contact email.

    The account is locked first and everything is read after: of two actions that change what
    it is made of (rename the account, rename a contact), the second to lock sees the first's
    committed change, so the last text written has both."""
    lock(account)
    _write_search_text(account)


def _write_search_text(account):
    """The search text of a locked account, from its name and contacts as they are now."""
    parts = [account.name]
    for contact in Contact.objects.filter(links__account=account).prefetch_related("emails"):
        parts.append(contact.full_name)
        parts.extend(e.email for e in contact.emails.all())
    text = fold(" ".join(parts))
    ClientAccount.objects.filter(pk=account.pk).update(search_text=text)
    account.search_text = text


def refresh_contact_search_text(contact):
    """Rebuild what Add contact's search matches: the contact's names and every email."""
    emails = ContactEmail.objects.filter(contact=contact).values_list("email", flat=True)
    text = fold(" ".join([contact.full_name, *emails]))
    Contact.objects.filter(pk=contact.pk).update(search_text=text)
    contact.search_text = text


# --- Client profile (P-4 … P-6) ------------------------------------------------------------
CONTACT_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "language",
    "street",
    "postal_code",
    "city",
    "region",
    "country",
    "custom_values",
)


@transaction.atomic
def save_account_details(*, member, account, tags, **changes):
    """The Info tab's details form: name, type, address, custom fields and tags, all or nothing."""
    unknown = set(changes) - {*ACCOUNT_FIELDS, "custom_values"}
    if unknown:
        raise ValueError(f"not account fields: {sorted(unknown)}")
    update_account(member=member, account=account, **changes)
    set_tags(member=member, account=account, tags=tags)
    return account


@transaction.atomic
def set_photo(*, member, account, photo):
    """Store an already checked and re-encoded photo (see photos.py); the old file goes after
    the commit."""
    rights.require(member, Right.MANAGE_ACCOUNTS, account)
    lock(account)  # the photo to delete is the one stored now, not the one the page showed
    old = account.photo.name
    account.photo.save(photo.name, photo, save=False)
    account.save(update_fields=["photo", "updated_at"])
    if old:
        storage = account.photo.storage
        transaction.on_commit(lambda: storage.delete(old))
    record(
        actor=member.user,
        firm=member.firm,
        account=account,
        verb=Verb.ACCOUNT_UPDATED,
        subject=account.name,
        before={"photo": old},
        after={"photo": account.photo.name},
    )
    return account


@transaction.atomic
def update_contact(*, member, contact, emails=None, **changes):
    """Change a contact's own data, the same in every account it is linked to (P-6).

    `emails`, when given, is the full ordered list (the first one primary); an address kept
    keeps its switches on every account."""
    rights.require(member, Right.MANAGE_ACCOUNTS, contact)
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"not contact fields: {sorted(unknown)}")
    lock(contact)
    before = {f: getattr(contact, f) for f in changes}
    changed = {f: v for f, v in changes.items() if before[f] != v}
    before = {f: before[f] for f in changed}
    for field, value in changed.items():
        setattr(contact, field, value)
    if changed:
        contact.save(update_fields=[*changed, "updated_at"])
    if emails is not None:
        old_emails, new_emails = _replace_emails(contact, emails)
        if old_emails != new_emails:
            before["emails"], changed["emails"] = old_emails, new_emails
    if {"first_name", "last_name", "emails"} & set(changed):
        refresh_contact_search_text(contact)
        for account in lock_all(ClientAccount.objects.filter(links__contact=contact)):
            _write_search_text(account)
    if changed:
        record(
            actor=member.user,
            firm=member.firm,
            verb=Verb.CONTACT_UPDATED,
            subject=contact.full_name,
            before=before,
            after=changed,
        )
    return contact


def _replace_emails(contact, emails):
    """Make the contact's emails exactly `emails`, in order, the first one primary."""
    wanted = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
    current = {e.email: e for e in contact.emails.all()}
    old = [e.email for e in sorted(current.values(), key=lambda e: (not e.is_primary, e.email))]
    contact.emails.exclude(email__in=wanted).delete()
    contact.emails.filter(is_primary=True).update(is_primary=False)
    for i, address in enumerate(wanted):
        if address in current:
            ContactEmail.objects.filter(pk=current[address].pk).update(is_primary=i == 0)
        else:
            ContactEmail.objects.create(contact=contact, email=address, is_primary=i == 0)
    return old, wanted


@transaction.atomic
def update_link(*, member, link, description, signer_priority):
    """What differs per account for a linked contact: its description and signer priority."""
    rights.require(member, Right.MANAGE_ACCOUNTS, link.account, link.contact)
    lock(link)
    before = {"description": link.description, "signer_priority": link.signer_priority}
    after = {"description": description, "signer_priority": signer_priority}
    changed = {f: v for f, v in after.items() if before[f] != v}
    if not changed:
        return link
    link.description, link.signer_priority = description, signer_priority
    link.save(update_fields=["description", "signer_priority"])
    record(
        actor=member.user,
        firm=member.firm,
        account=link.account,
        verb=Verb.CONTACT_UPDATED,
        subject=link.contact.full_name,
        before={f: before[f] for f in changed},
        after=changed,
    )
    return link


@transaction.atomic
def create_linked_contact(*, member, account, description="", **contact_fields):
    """Add contact → Create new: the contact and its link to `account`, all or nothing."""
    rights.require(member, None, account)
    contact = create_contact(member=member, **contact_fields)
    return link_contact(member=member, account=account, contact=contact, description=description)


# --- The firm's tags and custom fields (settings, owners and admins) --------------------------

TAG_CREATED = "tag.created"
TAG_CHANGED = "tag.changed"
TAGS_MERGED = "tag.merged"
TAG_DELETED = "tag.deleted"
FIELD_CREATED = "custom_field.created"
FIELD_CHANGED = "custom_field.changed"
FIELD_DELETED = "custom_field.deleted"
SETTINGS_VERBS = [
    HistoryVerb(key=TAG_CREATED, label=_("created a tag")),
    HistoryVerb(key=TAG_CHANGED, label=_("changed a tag")),
    HistoryVerb(key=TAGS_MERGED, label=_("merged tags")),
    HistoryVerb(key=TAG_DELETED, label=_("deleted a tag")),
    HistoryVerb(key=FIELD_CREATED, label=_("created a custom field")),
    HistoryVerb(key=FIELD_CHANGED, label=_("changed a custom field")),
    HistoryVerb(key=FIELD_DELETED, label=_("deleted a custom field")),
]

TAG_NAME_TAKEN = _("There is already a tag called “%(name)s”. Choose another name, or merge them.")
FIELD_LABEL_TAKEN = _("There is already a custom field called “%(label)s” for these records.")


class SettingRefused(Exception):
    """A tag or custom field change that would break a rule; `message` says which."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _tag_name_free(member, name, *, except_pk=None) -> None:
    taken = Tag.objects.filter(firm=member.firm_id, name__iexact=name)
    if except_pk:
        taken = taken.exclude(pk=except_pk)
    if taken.exists():
        raise SettingRefused(TAG_NAME_TAKEN % {"name": name})


@transaction.atomic
def create_tag(*, member, name: str, colour: str) -> Tag:
    """Owners and admins add a tag (`colour` as "#rrggbb"); names are unique in the firm,
    whatever their case (SettingRefused)."""
    rights.require(member, rights.Right.MANAGE_FIRM)
    name = name.strip()
    _tag_name_free(member, name)
    tag = Tag.objects.create(firm=member.firm, name=name, colour=colour)
    record(
        actor=member.user,
        firm=member.firm,
        verb=TAG_CREATED,
        subject=name,
        after={"name": name, "colour": colour},
    )
    return tag


@transaction.atomic
def update_tag(*, member, tag: Tag, name: str, colour: str) -> None:
    """Rename a tag or change its colour."""
    rights.require(member, rights.Right.MANAGE_FIRM, tag)
    tag = lock(tag)
    name = name.strip()
    _tag_name_free(member, name, except_pk=tag.pk)
    before = {"name": tag.name, "colour": tag.colour}
    after = {"name": name, "colour": colour}
    if before == after:
        return
    tag.name, tag.colour = name, colour
    tag.save(update_fields=["name", "colour"])
    record(
        actor=member.user,
        firm=member.firm,
        verb=TAG_CHANGED,
        subject=name,
        before=before,
        after=after,
    )


@transaction.atomic
def merge_tags(*, member, source: Tag, target: Tag) -> int:
    """Every account tagged `source` gets `target` instead, and `source` goes; in one
    transaction. Returns how many accounts were tagged `source`."""
    rights.require(member, rights.Right.MANAGE_FIRM, source, target)
    if source.pk == target.pk:
        raise SettingRefused(_("Choose another tag to merge into."))
    locked = {t.pk: t for t in lock_all(Tag.objects.filter(pk__in=[source.pk, target.pk]))}
    source, target = locked[source.pk], locked[target.pk]
    links = ClientAccount.tags.through.objects
    moved = list(links.filter(tag=source).values_list("clientaccount_id", flat=True))
    already = set(
        links.filter(tag=target, clientaccount_id__in=moved).values_list(
            "clientaccount_id", flat=True
        )
    )
    links.bulk_create(
        [links.model(clientaccount_id=pk, tag_id=target.pk) for pk in moved if pk not in already]
    )
    record(
        actor=member.user,
        firm=member.firm,
        verb=TAGS_MERGED,
        subject=f"{source.name} → {target.name}",
        before={"tag": source.name},
        after={"tag": target.name, "accounts": len(moved)},
    )
    source.delete()
    return len(moved)


@transaction.atomic
def delete_tag(*, member, tag: Tag) -> int:
    """Delete a tag: its accounts lose it. Returns how many accounts had it."""
    rights.require(member, rights.Right.MANAGE_FIRM, tag)
    tag = lock(tag)
    count = ClientAccount.tags.through.objects.filter(tag=tag).count()
    record(
        actor=member.user,
        firm=member.firm,
        verb=TAG_DELETED,
        subject=tag.name,
        before={"tag": tag.name, "accounts": count},
    )
    tag.delete()
    return count


def _field_label_free(member, applies_to, label, *, except_pk=None) -> None:
    taken = CustomField.objects.filter(
        firm=member.firm_id, applies_to=applies_to, label__iexact=label
    )
    if except_pk:
        taken = taken.exclude(pk=except_pk)
    if taken.exists():
        raise SettingRefused(FIELD_LABEL_TAKEN % {"label": label})


def _field_values(field: CustomField) -> dict:
    return {
        "label": field.label,
        "kind": field.kind,
        "choices": field.choices,
        "required": field.required,
    }


@transaction.atomic
def create_custom_field(
    *, member, applies_to: str, label: str, kind: str, choices: list[str], required: bool
) -> CustomField:
    """Owners and admins add a custom field to accounts or contacts, after the others.
    `choices` only for the Choice kind (at least one); labels are unique per record kind."""
    rights.require(member, rights.Right.MANAGE_FIRM)
    label = label.strip()
    _field_label_free(member, applies_to, label)
    last = (
        CustomField.objects.filter(firm=member.firm_id, applies_to=applies_to)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    field = CustomField.objects.create(
        firm=member.firm,
        applies_to=applies_to,
        label=label,
        kind=kind,
        choices=choices if kind == CustomField.Kind.CHOICE else [],
        required=required,
        position=(last or 0) + 1,
    )
    record(
        actor=member.user,
        firm=member.firm,
        verb=FIELD_CREATED,
        subject=label,
        after=_field_values(field),
    )
    return field


@transaction.atomic
def update_custom_field(
    *, member, field: CustomField, label: str, choices: list[str], required: bool
) -> None:
    """Rename a custom field, change its choices or whether it is required (its kind stays:
    values already typed would not read as another kind)."""
    rights.require(member, rights.Right.MANAGE_FIRM, field)
    field = lock(field)
    label = label.strip()
    _field_label_free(member, field.applies_to, label, except_pk=field.pk)
    before = _field_values(field)
    field.label, field.required = label, required
    if field.kind == CustomField.Kind.CHOICE:
        field.choices = choices
    after = _field_values(field)
    if before == after:
        return
    field.save(update_fields=["label", "choices", "required"])
    record(
        actor=member.user,
        firm=member.firm,
        verb=FIELD_CHANGED,
        subject=label,
        before=before,
        after=after,
    )


@transaction.atomic
def move_custom_field(*, member, field: CustomField, up: bool) -> None:
    """Swap a custom field with the one before it (`up`) or after it, in its record kind."""
    rights.require(member, rights.Right.MANAGE_FIRM, field)
    fields = lock_all(CustomField.objects.filter(firm=member.firm_id, applies_to=field.applies_to))
    fields.sort(key=lambda f: (f.position, f.pk))
    index = next(i for i, f in enumerate(fields) if f.pk == field.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(fields):
        return
    fields[index], fields[other] = fields[other], fields[index]
    for position, each in enumerate(fields, start=1):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position"])


@transaction.atomic
def delete_custom_field(*, member, field: CustomField) -> None:
    """Delete a custom field; values typed into it stay in the records' JSON, unshown."""
    rights.require(member, rights.Right.MANAGE_FIRM, field)
    field = lock(field)
    record(
        actor=member.user,
        firm=member.firm,
        verb=FIELD_DELETED,
        subject=field.label,
        before=_field_values(field),
    )
    field.delete()


# --- New client, onboarding, archive and delete (C-1, C-11) -----------------------------------

ONBOARDING_MOVED = "account.onboarding"
ACCOUNT_ARCHIVED = "account.archived"
ACCOUNT_RESTORED = "account.restored"
ACCOUNT_DELETED = "account.deleted"
SETTINGS_VERBS += [
    HistoryVerb(key=ONBOARDING_MOVED, label=_("moved the onboarding step")),
    HistoryVerb(key=ACCOUNT_ARCHIVED, label=_("archived the account")),
    HistoryVerb(key=ACCOUNT_RESTORED, label=_("restored the account")),
    HistoryVerb(key=ACCOUNT_DELETED, label=_("deleted an account")),
]
Onboarding = ClientAccount.Onboarding


@transaction.atomic
def create_client(
    *, member, details: dict, tags=(), team=(), contacts=(), onboarding: bool = False
) -> ClientAccount:
    """A new client from the Clients page (C-11), all or nothing: the account with `details`
    (name, kind, address, custom_values), its tags and team, and `contacts` — dicts of
    first_name, last_name, email, language, login and `existing` (a Contact of the firm the
    email already belongs to, linked instead of created). With `onboarding` the account starts
    at the Invited step, in the Onboarding tab. Each part records its History event."""
    rights.require(member, Right.MANAGE_ACCOUNTS, *tags, *team)
    account = create_account(member=member, **details)
    if onboarding:
        ClientAccount.objects.filter(pk=account.pk).update(onboarding=Onboarding.INVITED)
        account.onboarding = Onboarding.INVITED
    if tags:
        set_tags(member=member, account=account, tags=list(tags))
    for teammate in team:
        add_team_member(member=member, account=account, teammate=teammate)
    for row in contacts:
        contact = row.get("existing")
        if contact is None:
            emails = [row["email"]] if row.get("email") else []
            contact = create_contact(
                member=member,
                first_name=row["first_name"],
                last_name=row.get("last_name", ""),
                emails=emails,
                language=row["language"],
            )
        link = link_contact(member=member, account=account, contact=contact)
        if row.get("login") and row.get("email"):
            email = ContactEmail.objects.get(contact=contact, email=row["email"])
            set_switches(member=member, link=link, email=email, login=True)
    return account


def _moved(member, account, verb, before, after):
    account.onboarding = after
    account.save(update_fields=["onboarding", "updated_at"])
    record(
        actor=member.user,
        firm=member.firm,
        account=account,
        verb=verb,
        subject=account.name,
        before={"onboarding": before},
        after={"onboarding": after},
    )


@transaction.atomic
def set_onboarding_step(*, member, account, step: str) -> None:
    """Move an account along invited → details submitted → verification → active (C-1).
    AlreadyDone when it is at that step already, or archived meanwhile."""
    rights.require(member, Right.MANAGE_ACCOUNTS, account)
    if step == Onboarding.ARCHIVED or step not in Onboarding.values:
        raise PermissionDenied
    lock(account)
    if account.onboarding in (step, Onboarding.ARCHIVED):
        raise AlreadyDone(_("The account was already moved; the page shows where it is now."))
    _moved(member, account, ONBOARDING_MOVED, account.onboarding, step)


@transaction.atomic
def archive_account(*, member, account) -> None:
    """Archive a client who left: out of every tab, count, digest and search, its history
    kept (C-11). AlreadyDone when archived meanwhile."""
    rights.require(member, Right.MANAGE_ACCOUNTS, account)
    lock(account)
    if account.onboarding == Onboarding.ARCHIVED:
        raise AlreadyDone(_("This client is already archived."))
    _moved(member, account, ACCOUNT_ARCHIVED, account.onboarding, Onboarding.ARCHIVED)


@transaction.atomic
def restore_account(*, member, account) -> None:
    """Bring an archived client back, as active. AlreadyDone when restored meanwhile."""
    rights.require(member, Right.MANAGE_ACCOUNTS, account)
    lock(account)
    if account.onboarding != Onboarding.ARCHIVED:
        raise AlreadyDone(_("This client is not archived any more."))
    _moved(member, account, ACCOUNT_RESTORED, Onboarding.ARCHIVED, Onboarding.ACTIVE)


def deletion_summary(account) -> list[tuple[str, int]]:
    """What deleting `account` removes with it: (the records' name in the active language,
    how many), from Django's own deletion collector, so every app's rows are named."""
    from django.db.models.deletion import Collector

    collector = Collector(using="default")
    collector.collect([account])
    counts: dict = {}
    for model, instances in collector.data.items():
        counts[model] = counts.get(model, 0) + len(instances)
    for queryset in collector.fast_deletes:
        counts[queryset.model] = counts.get(queryset.model, 0) + queryset.count()
    counts.pop(ClientAccount, None)
    return sorted(
        ((_record_name(model, n), n) for model, n in counts.items() if n),
        key=lambda item: item[0],
    )


def _record_name(model, count: int) -> str:
    """How `count` records of `model` read: its verbose name, singular for one; the rows of a
    many-to-many link Django makes ("clientaccount-tag relationships") as links to the other
    side ("links to tags"): the tags themselves stay."""
    meta = model._meta
    if meta.auto_created:
        other = next(
            (f.related_model for f in meta.fields if f.related_model not in (None, ClientAccount)),
            None,
        )
        if other is not None:
            return _("links to %(name)s") % {"name": other._meta.verbose_name_plural}
    return str(meta.verbose_name if count == 1 else meta.verbose_name_plural)


@transaction.atomic
def delete_account(*, member, account) -> dict:
    """Owners delete a client for good, with what hangs on it (its links, switches, expenses,
    documents, history …); its contacts stay in the firm. The firm's History keeps one event
    naming the account and what went. Returns that summary."""
    if member.role != "owner" or not member.is_active:
        raise PermissionDenied
    rights.require(member, None, account)
    lock(account)
    summary = dict(deletion_summary(account))
    name = account.name
    account.delete()
    record(
        actor=member.user,
        firm=member.firm,
        verb=ACCOUNT_DELETED,
        subject=name,
        before={"name": name, **summary},
    )
    return summary

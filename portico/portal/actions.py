"""Writes for portal access: invitations and their life (A-2, A-3), activation, sign-in, the
firm's portal settings, notification preferences, the test client (A-11) and links without
sign-in (A-8). Each runs in one transaction and records its History event."""

from datetime import timedelta

from django.conf import settings as django_settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portico.clients.actions import (
    refresh_contact_search_text,
)
from portico.clients.models import (
    AccountContact,
    ClientAccount,
    Contact,
    ContactEmail,
    EmailSwitches,
)
from portico.core import rights
from portico.core.batches import enqueue_in_batches
from portico.core.history import event, record, record_many
from portico.core.inserts import insert
from portico.core.locking import AlreadyDone, lock, lock_ids
from portico.core.models import HistoryEvent
from portico.core.rights import Right
from portico.core.text import fold
from portico.firms.actions import SIGN_IN_LOCKED
from portico.firms.models import User
from portico.messaging import emails
from portico.portal import queries, tokens
from portico.portal.models import (
    Invitation,
    InvitationBatch,
    MagicLink,
    NotificationPreference,
    PortalActivity,
    PortalIdentity,
)

Verb = HistoryEvent.Verb
Status = Invitation.Status
BATCH = 100  # invitations per worker task


class AccessRefused(Exception):
    """An access change that cannot be made, with the reason to show the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


NOT_INVITABLE = {
    "staff": gettext_lazy(
        "%(email)s belongs to a member of your firm's staff: staff cannot be portal users. "
        "Use another address for this contact."
    ),
    "inactive": gettext_lazy(
        "%(email)s belongs to a deactivated user, who gets no email. Use another address for "
        "this contact."
    ),
}
ALREADY_INVITED = gettext_lazy(
    "An invitation was sent to %(email)s after this page was shown: it is not sent twice."
)


# --- Sending invitations ----------------------------------------------------------------------


def _replace_live(email_ids, actor, now):
    """Close the live invitations of these emails: their links stop working."""
    live = list(
        Invitation.objects.filter(
            email_id__in=email_ids, status__in=Invitation.LIVE
        ).select_related("email")
    )
    Invitation.objects.filter(pk__in=[i.pk for i in live]).update(
        status=Status.REPLACED, closed_at=now
    )
    record_many(_event(i, actor, Verb.INVITATION_REPLACED, {"invitation": i.pk}) for i in live)
    return len(live)


def _event(invitation, actor, verb, change):
    return event(
        firm=invitation.firm_id,
        account=invitation.account_id,
        actor=actor,
        verb=verb,
        subject=invitation.email.email,
        after=change,
    )


def lock_emails(email_ids):
    """Lock these contact emails until the transaction ends. Every action that sends, resends
    or cancels invitations locks its emails first, so two of them on one email run one after
    the other, the second seeing the first's invitations."""
    lock_ids(ContactEmail, email_ids)


def invited_since(member, email_ids, shown_at) -> set[int]:
    """Which of these (locked) emails got an invitation after `shown_at`, the moment the page
    the member acted on was shown: a second click, or a colleague, sent it already. Reads the
    firm's invitations made since (few, through the status and time index), not the emails'."""
    if shown_at is None:
        return set()
    recent = Invitation.objects.filter(
        firm_id=member.firm_id, status__in=Status.values, created_at__gt=shown_at
    )
    return set(recent.values_list("email_id", flat=True)) & set(email_ids)


def queue_invitations(*, member, targets, message="", batch=None):
    """Create one queued invitation per (account id, contact email id) in `targets`, replacing
    any live one; the emails are locked by the caller (lock_emails). The worker sends them
    (send_all_queued); returns their ids."""
    now = timezone.now()
    _replace_live([email_id for _, email_id in targets], member.user, now)
    rows = [
        {
            "firm_id": member.firm_id,
            "account_id": account_id,
            "email_id": email_id,
            "message": message,
            "invited_by_id": member.user_id,
            "batch_id": batch.pk if batch else None,
        }
        for account_id, email_id in targets
    ]
    return insert(Invitation, rows, returning=True)


def enqueue_sending(ids):
    """After the commit, hand the queued invitations to the worker in batches."""
    from portico.portal.tasks import send_invitations

    transaction.on_commit(lambda: enqueue_in_batches(send_invitations, ids, BATCH))


def send_queued(pk) -> bool:
    """Send one queued invitation (see send_all_queued). Returns whether it sent."""
    return send_all_queued([pk]) == 1


@transaction.atomic
def send_all_queued(pks) -> int:
    """Send these queued invitations, read in one query. Each is claimed by a conditional update
    and its email logged, all in one transaction (one commit for the batch, not one each, which
    on PostgreSQL waits for the disk): a second run, or a run after a crash, finds them claimed
    and sends nothing; a failure before the commit leaves them queued. The emails go to the
    SMTP server after the commit. Returns how many it sent."""
    cache = {}  # the firms' portal settings
    queued = Invitation.objects.filter(pk__in=pks, status=Status.QUEUED).select_related(
        "firm", "account", "email__contact", "invited_by"
    )
    sent = 0
    for invitation in queued:
        claimed = Invitation.objects.filter(pk=invitation.pk, status=Status.QUEUED)
        if not claimed.update(status=Status.SENT, sent_at=timezone.now()):
            continue
        if invitation.firm_id not in cache:
            cache[invitation.firm_id] = queries.settings_for(invitation.firm)
        _send(invitation, cache[invitation.firm_id])
        sent += 1
    return sent


def _send(invitation, portal_settings):
    now = timezone.now()
    invitation.status, invitation.sent_at = Status.SENT, now
    invitation.expires_at = now + timedelta(days=portal_settings.invitation_days)
    contact = invitation.email.contact
    link = django_settings.SITE_URL + reverse(
        "portal:activate", args=[tokens.make(invitation, tokens.INVITATION)]
    )
    invitation.email_log = emails.send(
        to=invitation.email.email,
        template="portal_invitation",
        language=contact.language,
        context={
            "contact": contact,
            "firm": invitation.firm,
            "account": invitation.account,
            "message": invitation.message,
            "link": link,
            "expires_at": invitation.expires_at,
            "time_zone": invitation.firm.time_zone,
            "invited_by": invitation.invited_by,
        },
        firm=invitation.firm,
        account=invitation.account,
    )
    invitation.save(update_fields=["status", "sent_at", "expires_at", "email_log"])
    record(
        actor=invitation.invited_by,
        firm=invitation.firm,
        account=invitation.account,
        verb=Verb.INVITATION_SENT,
        subject=invitation.email.email,
        after={"invitation": invitation.pk, "expires_at": invitation.expires_at.isoformat()},
    )


def _check_invitable(account, email):
    """Why this email cannot be invited on this account, if it cannot."""
    on = EmailSwitches.objects.filter(link__account=account, email=email, login=True).exists()
    if not on:
        raise AccessRefused(_("Turn Login on for %(email)s first.") % {"email": email.email})
    if PortalIdentity.objects.filter(email=email).exists():
        raise AccessRefused(
            _("%(email)s has already activated their portal access.") % {"email": email.email}
        )
    if reason := queries.not_invitable([email.email]).get(email.email):
        raise AccessRefused(NOT_INVITABLE[reason] % {"email": email.email})


@transaction.atomic
def invite(*, member, account, email, message="", shown_at=None):
    """Send one invitation now (A-5): the email is logged here and delivered by the worker.
    AlreadyDone when one was sent to the email after `shown_at` (see invited_since)."""
    rights.require(member, Right.MANAGE_ACCOUNTS, account)
    lock_emails([email.pk])
    if invited_since(member, [email.pk], shown_at):
        raise AlreadyDone(ALREADY_INVITED % {"email": email.email})
    _check_invitable(account, email)
    targets = [(account.pk, email.pk)]
    (pk,) = queue_invitations(member=member, targets=targets, message=message)
    send_queued(pk)
    return Invitation.objects.get(pk=pk)


@transaction.atomic
def resend(*, member, targets, shown_at=None):
    """Resend to selected pending emails (C-10), given as (account, email): new links, the old
    ones stop working. Emails invited after `shown_at` are left out (see invited_since), and
    so are the addresses that may not be invited (queries.not_invitable). Returns the batch
    (None when nothing is left to send), the addresses left out with why, and how many emails
    had been invited already."""
    rights.require(member, Right.MANAGE_ACCOUNTS, *(account for account, _ in targets))
    email_ids = [email.pk for _, email in targets]
    lock_emails(email_ids)
    already = invited_since(member, email_ids, shown_at)
    targets = [(account, email) for account, email in targets if email.pk not in already]
    left_out = queries.not_invitable(email.email for _, email in targets)
    kept = [(account, email) for account, email in targets if email.email not in left_out]
    if not kept:
        return None, left_out, len(already)
    batch = InvitationBatch.objects.create(
        firm=member.firm, created_by=member.user, total=len(kept)
    )
    ids = queue_invitations(member=member, targets=[(a.pk, e.pk) for a, e in kept], batch=batch)
    enqueue_sending(ids)
    return batch, left_out, len(already)


@transaction.atomic
def cancel(*, member, emails_):
    """Cancel the live invitations of the selected emails: their links stop working. Returns
    how many were live when the emails were locked (0: cancelled or used already)."""
    rights.require(member, Right.MANAGE_ACCOUNTS)
    ids = [e.pk for e in emails_ if e.contact.firm_id == member.firm_id]
    lock_emails(ids)
    live = list(
        Invitation.objects.filter(email_id__in=ids, status__in=Invitation.LIVE).select_related(
            "email"
        )
    )
    now = timezone.now()
    Invitation.objects.filter(pk__in=[i.pk for i in live]).update(
        status=Status.CANCELLED, closed_at=now
    )
    record_many(
        _event(i, member.user, Verb.INVITATION_CANCELLED, {"invitation": i.pk}) for i in live
    )
    return len(live)


def requeue_stalled(now=None) -> int:
    """Scheduled: invitations still queued a while after they were made (a worker that died in
    the middle of a batch) go to the worker again. Sending claims each one, so none goes twice."""
    now = now or timezone.now()
    stale = Invitation.objects.filter(
        status=Status.QUEUED, created_at__lt=now - timedelta(minutes=5)
    )
    ids = list(stale.values_list("pk", flat=True)[:5000])
    from portico.portal.tasks import send_invitations

    enqueue_in_batches(send_invitations, ids, BATCH)
    return len(ids)


# --- Activation and sign-in -------------------------------------------------------------------


class LinkRefused(Exception):
    """An invitation or a link without sign-in that does not work, with the reason why."""

    def __init__(self, reason, language=None):
        super().__init__(reason)
        self.reason, self.language = reason, language


def check_invitation(token, *, lock=False):
    """The live invitation a token names, or LinkRefused with the reason: invalid, used,
    expired, replaced, cancelled, or access switched off."""
    found = tokens.read(token, tokens.INVITATION)
    if found is None:
        raise LinkRefused("invalid")
    pk, nonce = found
    invitations = Invitation.objects.select_related("firm", "account", "email__contact")
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(pk=pk, nonce=nonce).first()
    if invitation is None:
        raise LinkRefused("invalid")
    if reason := _invitation_refusal(invitation):
        raise LinkRefused(reason, invitation.email.contact.language)
    return invitation


def _invitation_refusal(invitation):
    if invitation.status in (Status.ACCEPTED, Status.CANCELLED, Status.REPLACED):
        return invitation.status
    if invitation.status != Status.SENT:
        return "invalid"
    if invitation.is_expired:
        return "expired"
    if queries.staff_addresses([invitation.email.email]):
        return "staff"
    if not queries.has_access(invitation.email, invitation.account):
        return "switched_off"
    return None


@transaction.atomic
def accept(*, token, password):
    """Activation (A-2): the client's password is set, they sign in as this contact email from
    now on, and the link is used up. Returns the user."""
    invitation = check_invitation(token, lock=True)
    address = invitation.email.email.lower()
    user = User.objects.filter(email__iexact=address).first()
    if user is None:
        user = User.objects.create_user(address, full_name=invitation.email.contact.full_name)
    user.set_password(password)
    user.save(update_fields=["password"])
    PortalIdentity.objects.get_or_create(email=invitation.email, defaults={"user": user})
    invitation.status, invitation.closed_at = Status.ACCEPTED, timezone.now()
    invitation.save(update_fields=["status", "closed_at"])
    record(
        actor=user,
        firm=invitation.firm,
        account=invitation.account,
        verb=Verb.INVITATION_ACCEPTED,
        subject=address,
        after={"invitation": invitation.pk},
    )
    return user


@transaction.atomic
def record_sign_in(user, accounts):
    """The Clients page's last portal login (C-2, C-5), and the Login activity of each account."""
    now = timezone.now()
    accounts = list(accounts)
    PortalActivity.objects.bulk_create(
        [PortalActivity(account=a, last_login=now) for a in accounts],
        update_conflicts=True,
        unique_fields=["account"],
        update_fields=["last_login"],
    )
    record_many(
        event(firm=a.firm_id, account=a, actor=user, verb=Verb.PORTAL_SIGNED_IN) for a in accounts
    )


@transaction.atomic
def record_lockout(*, email, ip):
    """Portal sign-in was just locked for `email`: when it is a client user's, the History of each
    of their accounts says so, as it says they signed in."""
    user = User.objects.filter(email__iexact=email, member__isnull=True).first()
    if user is None:
        return
    record_many(
        event(
            firm=a.firm_id,
            account=a,
            actor=user,
            verb=SIGN_IN_LOCKED,
            subject=user.email,
            after={"ip_address": ip},
        )
        for a in queries.client_accounts(user)
    )


# --- Settings, preferences, language ----------------------------------------------------------


@transaction.atomic
def save_settings(*, member, portal_settings, **changes):
    rights.require(member, Right.MANAGE_FIRM, portal_settings)
    lock(portal_settings)
    before = {f: getattr(portal_settings, f) for f in changes}
    changed = {f: v for f, v in changes.items() if before[f] != v}
    if not changed:
        return portal_settings
    for field, value in changed.items():
        setattr(portal_settings, field, value)
    portal_settings.save(update_fields=list(changed))
    record(
        actor=member.user,
        firm=member.firm,
        verb=Verb.PORTAL_SETTINGS_CHANGED,
        before={f: before[f] for f in changed},
        after=changed,
    )
    return portal_settings


@transaction.atomic
def set_muted_events(*, actor, email, muted):
    """Which events this contact email is not notified of (P-7), by staff or by the client."""
    prefs, _ = NotificationPreference.objects.get_or_create(email=email)
    before, after = sorted(prefs.muted), sorted(set(muted))
    if before == after:
        return prefs
    prefs.muted = after
    prefs.save(update_fields=["muted"])
    record(
        actor=actor,
        firm=email.contact.firm,
        verb=Verb.NOTIFICATIONS_CHANGED,
        subject=email.email,
        before={"muted": before},
        after={"muted": after},
    )
    return prefs


@transaction.atomic
def set_client_language(*, user, language):
    """A-9: the language of every contact the client signs in as."""
    contacts = Contact.objects.filter(emails__portal_identity__user=user).distinct()
    for contact in contacts.exclude(language=language):
        before = contact.language
        Contact.objects.filter(pk=contact.pk).update(language=language)
        record(
            actor=user,
            firm=contact.firm,
            verb=Verb.CONTACT_UPDATED,
            subject=contact.full_name,
            before={"language": before},
            after={"language": language},
        )


# --- Test client (A-11) -----------------------------------------------------------------------


@transaction.atomic
def ensure_test_client(firm):
    """The firm's test client (A-11): an account with one contact whose email (the firm's test
    address) the synthetic test user signs in as; made once (the settings row is locked: two
    first requests at once make one). Whatever is missing is made again and a leftover part is
    reused — a test account, its user or its contact deleted in the admin never blocks it (the
    test user's email is unique, issue 15 fault 6). Called only by a POST."""
    portal_settings = lock(queries.settings_for(firm))
    account = portal_settings.test_account
    with translation.override(firm.language):
        name, first, last = _("Test client"), _("Test"), _("Client")
    if account is None:
        account = ClientAccount.objects.create(
            firm=firm, name=name, kind=ClientAccount.Kind.OTHER, search_text=fold(name)
        )
        portal_settings.test_account = account
        portal_settings.save(update_fields=["test_account"])
    email = _test_email(firm, first, last)
    link = AccountContact.objects.get_or_create(account=account, contact=email.contact)[0]
    EmailSwitches.objects.update_or_create(
        link=link, email=email, defaults={"login": True, "signing_authority": True}
    )
    user = User.objects.filter(email__iexact=email.email).first()
    if user is None:
        user = User.objects.create_user(email.email, None, full_name=email.contact.full_name)
    PortalIdentity.objects.get_or_create(user=user, email=email)
    return account


def _test_email(firm, first, last):
    """The firm's test contact email, the one left over from an earlier test client or new."""
    address = queries.test_address(firm)
    email = ContactEmail.objects.filter(contact__firm=firm, email=address).first()
    if email is not None:
        return email
    contact = Contact.objects.create(
        firm=firm, first_name=first, last_name=last, language=firm.language
    )
    email = ContactEmail.objects.create(contact=contact, email=address, is_primary=True)
    refresh_contact_search_text(contact)
    return email


# --- Links without sign-in (A-8) --------------------------------------------------------------


def make_magic_link(*, email, document, portal_settings):
    """A link to view `document` without signing in, for `email`: the URL, or None when the
    firm does not allow it or the email has no access to the account (queries.has_access,
    which the link is checked against again when used)."""
    if not portal_settings.magic_view_documents or not queries.has_access(email, document.account):
        return None
    link = MagicLink.objects.create(
        firm=document.firm,
        email=email,
        action=MagicLink.Action.VIEW_DOCUMENT,
        document=document,
        expires_at=timezone.now() + timedelta(days=portal_settings.magic_link_days),
    )
    return django_settings.SITE_URL + reverse(
        "portal:magic", args=[tokens.make(link, tokens.MAGIC_LINK)]
    )


def check_magic_link(token):
    """The live link a token names, or LinkRefused: invalid, revoked, expired, an action the
    firm no longer allows without signing in, or an email that no longer has access to the
    document's account (queries.has_access: Login turned off, contact unlinked)."""
    found = tokens.read(token, tokens.MAGIC_LINK)
    if found is None:
        raise LinkRefused("invalid")
    link = (
        MagicLink.objects.select_related("document__account", "email__contact", "firm")
        .filter(pk=found[0], nonce=found[1])
        .first()
    )
    if link is None or link.document is None:
        raise LinkRefused("invalid")
    language = link.email.contact.language
    if link.revoked_at:
        raise LinkRefused("revoked", language)
    if link.expires_at < timezone.now():
        raise LinkRefused("expired", language)
    allowed = queries.settings_for(link.firm).magic_view_documents
    if not allowed or not link.document.shared:
        raise LinkRefused("not_allowed", language)
    if not queries.has_access(link.email, link.document.account):
        raise LinkRefused("switched_off", language)
    return link


def used_magic_link(link):
    MagicLink.objects.filter(pk=link.pk).update(used_at=timezone.now())


@transaction.atomic
def revoke_magic_link(*, member, link):
    rights.require(member, Right.MANAGE_FIRM, link)
    lock(link)
    if link.revoked_at:
        raise AlreadyDone(_("This link was already revoked."))
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    record(
        actor=member.user,
        firm=member.firm,
        account=link.document.account if link.document else None,
        verb=Verb.MAGIC_LINK_REVOKED,
        subject=link.email.email,
        after={"link": link.pk},
    )
    return link

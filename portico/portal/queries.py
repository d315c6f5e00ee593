"""Reads for portal access: what a client user may open, and the firm's view of who is invited,
pending or active. Staff reads are scoped by the member, client reads by the user."""

from django.db.models import Exists, F, Func, OuterRef, Prefetch, Subquery

from portico.clients.models import ClientAccount, ContactEmail, EmailSwitches
from portico.clients.queries import editable_accounts, visible_accounts
from portico.core import compiled, recipients, rights
from portico.core.rights import Right
from portico.firms.models import User
from portico.portal.models import (
    Invitation,
    MagicLink,
    NotificationPreference,
    PendingEmail,
    PendingTally,
    PortalIdentity,
    PortalSettings,
)


def settings_for(firm) -> PortalSettings:
    return PortalSettings.objects.get_or_create(firm=firm)[0]


def client_accounts(user):
    """The accounts a client user may open (A-6, A-7): those where one of the contact emails
    they signed in as has Login on."""
    access = EmailSwitches.objects.filter(
        link__account=OuterRef("pk"), login=True, email__portal_identity__user=user
    )
    return ClientAccount.objects.filter(Exists(access)).select_related("firm")


def has_access(email, account) -> bool:
    """Whether this contact email has portal access to this account (A-1, A-6): its contact is
    linked to the account, Login is on for this email on that link, and it is not the address
    of a deactivated user or member (core/recipients.py).

    The rule of every link that acts without signing in: A-8's magic links and invitation
    activation links (for the account they name), and portal password-reset links (for at
    least one account, `has_any_access`). A link is made only while the rule holds and is
    checked again each time it is used, so turning Login off or unlinking the contact kills
    the links already emailed; turning Login back on revives the links not yet expired."""
    switches = EmailSwitches.objects.filter(
        email=email, link__account=account, link__contact=email.contact_id, login=True
    )
    if not switches.filter(recipients.active_contact_emails("email__")).exists():
        return False
    return not recipients.inactive_addresses([email.email])


def has_any_access(user) -> bool:
    """`has_access` for a client user on at least one account: what a password reset needs."""
    if not user.is_active or hasattr(user, "member"):
        return False
    return client_accounts(user).exists()


def is_client_user(user) -> bool:
    """A signed-in user who is not staff and has signed in as at least one contact email."""
    if not user.is_authenticated or hasattr(user, "member"):
        return False
    return PortalIdentity.objects.filter(user=user).exists()


def identities(user):
    return PortalIdentity.objects.filter(user=user).select_related("email__contact__firm")


def not_invitable(addresses) -> dict[str, str]:
    """Which of these addresses get no invitation, and why: "staff" (staff are never portal
    users) or "inactive" (a deactivated user, core/recipients.py)."""
    addresses = set(addresses)
    inactive = recipients.inactive_addresses(addresses)
    reasons = {a: "inactive" for a in addresses if a.lower() in inactive}
    return reasons | dict.fromkeys(staff_addresses(addresses), "staff")


def staff_addresses(addresses) -> set[str]:
    """Which of these addresses belong to staff: they never become portal users. A bulk
    action's thousands of addresses are compared with all the staff's, read whole: a query
    listing each of them costs more."""
    addresses, staff = set(addresses), User.objects.filter(member__isnull=False)
    if len(addresses) > 100:
        return addresses & set(staff.values_list("email", flat=True))
    return set(staff.filter(email__in=addresses).values_list("email", flat=True))


def live_invitation(email):
    return Invitation.objects.filter(email=email, status__in=Invitation.LIVE).first()


def muted_events(email) -> list[str]:
    prefs = NotificationPreference.objects.filter(email=email).first()
    return list(prefs.muted) if prefs else []


# --- Pending activation (A-3, C-10) -----------------------------------------------------------


def pending_emails(member):
    """Contact emails with Login on, on an account `member` may edit, never activated: the
    firm's PendingEmail set, narrowed to the member's team unless they see every account."""
    emails = ContactEmail.objects.filter(pending__firm=member.firm_id)
    emails = rights.scope(member, Right.MANAGE_ACCOUNTS, emails)
    if rights.has(member, Right.SEE_ALL_ACCOUNTS):
        return emails
    login_on = EmailSwitches.objects.filter(
        email=OuterRef("pk"), login=True, link__account__in=editable_accounts(member)
    )
    return emails.filter(Exists(login_on))


def pending_count(member):
    """The number of pending emails as a scalar subquery, to be counted along other things: the
    firm's tally for those who see every account, else a count over their team's."""
    if rights.has(member, Right.SEE_ALL_ACCOUNTS) and rights.has(member, Right.MANAGE_ACCOUNTS):
        return Subquery(PendingTally.objects.filter(firm=member.firm_id).values("pending_emails"))
    counted = pending_emails(member).order_by().annotate(n=Func(F("pk"), function="COUNT"))
    return Subquery(counted.values("n"))


def pending_order(member, sort="sent"):
    """The ids of the pending emails in the tab's order (C-10): never-sent rows first, by
    address; then by sent date, the earliest first or (`-sent`) the latest. The sort keys are
    kept on PendingEmail (portal/pending.py), and an index of that table alone serves
    the order, so a page's ids are read before its rows are (pending_rows)."""
    sent_at = "sent_at" if sort == "sent" else "-sent_at"
    emails = PendingEmail.objects.filter(firm=member.firm_id)
    if not rights.has(member, Right.SEE_ALL_ACCOUNTS):
        emails = emails.filter(email__in=pending_emails(member).values("pk"))
    ordered = emails.order_by("-unsent", sent_at, "address", "email_id")
    return ordered.values_list("email_id", flat=True)


def live_invitation_count(emails) -> int:
    """How many of these contact emails (read through pending_emails) have a live invitation:
    what cancelling them would cancel."""
    live = Invitation.objects.filter(email__in=emails, status__in=Invitation.LIVE)
    return live.values("email").distinct().count()


def pending_rows(member):
    """One row per pending email: its live invitation (when sent, by whom, delivery) and the
    accounts where it has Login on."""
    live = Invitation.objects.filter(email=OuterRef("pk"), status__in=Invitation.LIVE)
    # Checked per switch: collecting the visible accounts first reads all 100,000 of a firm.
    visible = Exists(visible_accounts(member).filter(pk=OuterRef("link__account")))
    accounts = EmailSwitches.objects.filter(visible, login=True).select_related("link__account")
    return (
        pending_emails(member)
        .annotate(
            invitation_status=Subquery(live.values("status")[:1]),
            sent_at=Subquery(live.values("sent_at")[:1]),
            expires_at=Subquery(live.values("expires_at")[:1]),
            invited_by=Subquery(live.values("invited_by__full_name")[:1]),
            invited_by_email=Subquery(live.values("invited_by__email")[:1]),
            delivery=Subquery(live.values("email_log__status")[:1]),
            # why it is not sent yet and when it is tried again (messaging/delivery.py)
            delivery_error=Subquery(live.values("email_log__last_error")[:1]),
            delivery_attempts=Subquery(live.values("email_log__attempts")[:1]),
            delivery_logged_at=Subquery(live.values("email_log__created_at")[:1]),
        )
        .select_related("contact")
        .prefetch_related(Prefetch("switches", queryset=accounts, to_attr="login_on"))
    )


# --- The profile's contacts (P-5, P-7) ------------------------------------------------------


def access_states(account) -> dict:
    """For each contact email of the account: whether it activated its portal access, and its
    live invitation; and whether the account is the firm's test client. One query, compiled
    once per process (core/compiled.py)."""
    states = {"activated": set(), "invitations": {}, "test_client": False}
    for row in compiled.values(("access states",), _access_rows, [account.pk]):
        if row["activated"]:
            states["activated"].add(row["pk"])
        if row["status"]:
            states["invitations"][row["pk"]] = row
        states["test_client"] |= row["test"]
    return states


def _access_rows(ids):
    live = Invitation.objects.filter(email=OuterRef("pk"), status__in=Invitation.LIVE)
    return ContactEmail.objects.filter(contact__links__account__in=ids).values(
        "pk",
        activated=Exists(PortalIdentity.objects.filter(email=OuterRef("pk"))),
        status=Subquery(live.values("status")[:1]),
        sent_at=Subquery(live.values("sent_at")[:1]),
        test=Exists(PortalSettings.objects.filter(test_account_id__in=ids)),
    )


def test_client_id(member):
    """The firm's test client (A-11) as a one-value subquery, NULL without one: a firm has one
    portal settings row at most. The Clients page keeps it off its lists (UnlistedAccount)."""
    settings = PortalSettings.objects.filter(firm=member.firm_id)
    return Subquery(settings.values("test_account")[:1])


def test_client_account(firm):
    settings = PortalSettings.objects.filter(firm=firm).select_related("test_account").first()
    return settings.test_account if settings else None


def magic_links(member, limit=50):
    links = MagicLink.objects.filter(firm=member.firm, revoked_at=None)
    return (
        rights.scope(member, Right.MANAGE_FIRM, links)
        .select_related("email", "document")
        .order_by("-created_at", "-id")[:limit]
    )


def firm_magic_links(member):
    return rights.scope(member, Right.MANAGE_FIRM, MagicLink.objects.filter(firm=member.firm))


def pending_targets(member, email_ids, *, sent=None):
    """The selected pending emails of the C-10 tab, each with an account where its Login is on
    (the first by name): what sending (`sent` False: those with no live invitation) or
    resending (`sent` None: every one, a first invitation for those never sent one) needs.
    Returns (targets, how many selected were of the other kind)."""
    rows = pending_rows(member).filter(pk__in=email_ids)
    targets, other = [], 0
    for email in rows:
        if sent is not None and (email.invitation_status is not None) != sent:
            other += 1
            continue
        accounts = sorted((s.link.account for s in email.login_on), key=lambda a: a.name_key)
        if accounts:
            targets.append((accounts[0], email))
    return targets, other


def test_address(firm) -> str:
    """The contact email of the firm's synthetic test user (A-11): an address no mail reaches
    (RFC 2606's .invalid), one per firm."""
    return f"test-client-{firm.pk}@portico.invalid"


def test_user(firm, account):
    """The firm's own synthetic test user, who signs in as the test address on the test account
    `account` — never a real identity that staff linked to the test account (issue 15, fault 2):
    None when it is missing (deleted in the admin; creating the test client again repairs it)."""
    return (
        User.objects.filter(
            email=test_address(firm),
            member=None,
            portal_identities__email__email=test_address(firm),
            portal_identities__email__contact__firm=firm,
            portal_identities__email__contact__links__account=account,
        )
        .distinct()
        .first()
    )


def test_identities(user, account):
    """The test user's identities that a preview may show and change: those of the test
    account's own contacts, in its firm."""
    return identities(user).filter(
        email__contact__firm_id=account.firm_id, email__contact__links__account=account
    )


def login_activity(member, account, limit=5):
    """The Overview's Login activity card (P-3): the account's contact emails with Login on,
    latest sign-in first, as dicts {"email", "name", "state", "last_login"}; `state` is
    "active" (the client activated the portal), "invited" (a live invitation) or "not_invited";
    `last_login` the user's last sign-in, or None. One query; `account` is one the member may
    open (the profile checked it)."""
    live = Invitation.objects.filter(
        email=OuterRef("pk"), account=account, status__in=Invitation.LIVE
    )
    rows = (
        ContactEmail.objects.filter(switches__link__account=account, switches__login=True)
        .annotate(
            last_login=F("portal_identity__user__last_login"),
            activated=Exists(PortalIdentity.objects.filter(email=OuterRef("pk"))),
            invited=Exists(live),
        )
        .values(
            "email",
            "contact__first_name",
            "contact__last_name",
            "last_login",
            "activated",
            "invited",
        )
        .order_by(F("last_login").desc(nulls_last=True), "email")[:limit]
    )
    return [
        {
            "email": row["email"],
            "name": " ".join(filter(None, (row["contact__first_name"], row["contact__last_name"]))),
            "state": "active"
            if row["activated"]
            else "invited"
            if row["invited"]
            else "not_invited",
            "last_login": row["last_login"],
        }
        for row in rows
    ]

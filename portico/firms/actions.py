"""Writes of the firms app: sign-in protection and the second factor (F-4), the firm's settings
(F-6), its staff and their invitations (F-2), and a member's own profile. Keyword-only, each in
one transaction, each recording its History event."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portico.core import rights
from portico.core.history import record
from portico.core.locking import AlreadyDone, lock
from portico.core.models import HistoryEvent
from portico.core.registry import HistoryVerb
from portico.firms import sessions
from portico.firms.models import Firm, Member, ResetRequest, Role, StaffInvitation
from portico.messaging import emails

RECOVERY_CODES = 10

# History verbs of sign-in protection (registered in FirmsConfig.ready()).
SIGN_IN_LOCKED = "signin.locked"
TWO_FACTOR_ENABLED = "two_factor.enabled"
TWO_FACTOR_DISABLED = "two_factor.disabled"
RECOVERY_CODES_RENEWED = "two_factor.codes"
TWO_FACTOR_RESET = "two_factor.reset"
TWO_FACTOR_REQUIRED = "firm.two_factor"
SIGN_IN_FAILED = "signin.failed"
FIRM_SETTINGS_CHANGED = "firm.settings"
STAFF_INVITED = "staff.invited"
STAFF_INVITATION_CANCELLED = "staff.invitation_cancelled"
STAFF_JOINED = "staff.joined"
STAFF_DEACTIVATED = "staff.deactivated"
STAFF_REACTIVATED = "staff.reactivated"
PROFILE_CHANGED = "profile.changed"
PASSWORD_CHANGED = "profile.password"
SIGNED_OUT_EVERYWHERE = "profile.signed_out"
HISTORY_VERBS = [
    HistoryVerb(key=SIGN_IN_FAILED, label=_("failed to sign in")),
    HistoryVerb(key=FIRM_SETTINGS_CHANGED, label=_("changed the firm settings")),
    HistoryVerb(key=STAFF_INVITED, label=_("invited a staff member")),
    HistoryVerb(key=STAFF_INVITATION_CANCELLED, label=_("cancelled a staff invitation")),
    HistoryVerb(key=STAFF_JOINED, label=_("joined the firm")),
    HistoryVerb(key=STAFF_DEACTIVATED, label=_("deactivated a member")),
    HistoryVerb(key=STAFF_REACTIVATED, label=_("reactivated a member")),
    HistoryVerb(key=PROFILE_CHANGED, label=_("changed their profile")),
    HistoryVerb(key=PASSWORD_CHANGED, label=_("changed their password")),
    HistoryVerb(key=SIGNED_OUT_EVERYWHERE, label=_("signed out everywhere")),
    HistoryVerb(key=SIGN_IN_LOCKED, label=_("was locked out of signing in")),
    HistoryVerb(key=TWO_FACTOR_ENABLED, label=_("turned on two-step verification")),
    HistoryVerb(key=TWO_FACTOR_DISABLED, label=_("turned off two-step verification")),
    HistoryVerb(key=RECOVERY_CODES_RENEWED, label=_("made new recovery codes")),
    HistoryVerb(key=TWO_FACTOR_RESET, label=_("reset a member's two-step verification")),
    HistoryVerb(key=TWO_FACTOR_REQUIRED, label=_("changed the two-step verification rule")),
]


# --- Throttles --------------------------------------------------------------------------------


@transaction.atomic
def allow_reset_request(*, email: str, ip: str | None) -> datetime | None:
    """Count a request for a password-reset link: None when it may go ahead (it is then counted);
    otherwise the time the next may, because `settings.PASSWORD_RESET_REQUESTS` were made for
    this address, or from this IP address, within `settings.AXES_COOLOFF_TIME`. The answer is the
    same whether or not the address belongs to anyone. Refused requests are not counted, so a
    flood of them does not push that time back."""
    now = timezone.now()
    ResetRequest.objects.filter(requested_at__lt=now - settings.AXES_COOLOFF_TIME).delete()
    email = email.strip().lower()
    recent = [ResetRequest.objects.filter(email=email)]
    if ip:
        recent.append(ResetRequest.objects.filter(ip_address=ip))
    ends = []
    for requests in recent:
        found = requests.aggregate(count=Count("pk"), first=Min("requested_at"))
        if found["count"] >= settings.PASSWORD_RESET_REQUESTS:
            ends.append(found["first"] + settings.AXES_COOLOFF_TIME)
    if ends:
        return max(ends)
    ResetRequest.objects.create(email=email, ip_address=ip, requested_at=now)
    return None


@transaction.atomic
def record_lockout(*, email: str, ip: str | None) -> None:
    """Sign-in was just locked for `email` (or for the address it was tried from): when the email
    is a member's, their firm's History says so, for the activity feed."""
    member = Member.objects.filter(user__email__iexact=email).select_related("user", "firm")
    member = member.first()
    if member is not None:
        record(
            actor=member.user,
            firm=member.firm,
            verb=SIGN_IN_LOCKED,
            subject=member.user.email,
            after={"ip_address": ip},
        )


# --- Second factor ----------------------------------------------------------------------------


def _remove_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def enrol_two_factor(*, member, key: str, step: int, drift: int) -> tuple[TOTPDevice, list[str]]:
    """Give `member` a TOTP second factor of `key` (hex), whose first code they typed at time
    `step` (so it cannot be used again), replacing any they had, and ten new recovery codes:
    (the device, the codes to show once)."""
    user = member.user
    _remove_devices(user)
    device = TOTPDevice.objects.create(
        user=user, name="authenticator", key=key, confirmed=True, last_t=step, drift=drift
    )
    codes = _new_recovery_codes(user)
    record(actor=user, firm=member.firm, verb=TWO_FACTOR_ENABLED, subject=user.email)
    return device, codes


@transaction.atomic
def renew_recovery_codes(*, member) -> list[str]:
    """Ten new recovery codes for an enrolled member; the old ones stop working."""
    user = member.user
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise PermissionDenied
    codes = _new_recovery_codes(user)
    record(actor=user, firm=member.firm, verb=RECOVERY_CODES_RENEWED, subject=user.email)
    return codes


@transaction.atomic
def disable_two_factor(*, member) -> None:
    """The member turns their second factor off (the view has checked their password or code)."""
    user = member.user
    _remove_devices(user)
    record(actor=user, firm=member.firm, verb=TWO_FACTOR_DISABLED, subject=user.email)


def may_reset(member, target) -> bool:
    """Owners and admins reset another member of their firm's second factor; an owner's only
    another owner may reset."""
    return (
        rights.has(member, rights.Right.MANAGE_FIRM)
        and target.firm_id == member.firm_id
        and target.pk != member.pk
        and (member.role == Role.OWNER or target.role != Role.OWNER)
    )


@transaction.atomic
def reset_two_factor(*, member, target) -> None:
    """Remove `target`'s second factor (a lost phone): they sign in with their password alone,
    and enrol again (at once when their firm requires it)."""
    if not may_reset(member, target):
        raise PermissionDenied
    _remove_devices(target.user)
    record(
        actor=member.user,
        firm=member.firm,
        verb=TWO_FACTOR_RESET,
        subject=target.user.email,
    )


@transaction.atomic
def set_two_factor_required(*, member, required: bool) -> None:
    """Owners and admins require (or stop requiring) a second factor of every member."""
    rights.require(member, rights.Right.MANAGE_FIRM)
    firm = Firm.objects.select_for_update().get(pk=member.firm_id)
    if firm.require_two_factor == required:
        return
    before = {"require_two_factor": firm.require_two_factor}
    firm.require_two_factor = required
    firm.save(update_fields=["require_two_factor"])
    record(
        actor=member.user,
        firm=firm,
        verb=TWO_FACTOR_REQUIRED,
        before=before,
        after={"require_two_factor": required},
    )


def record_failed_sign_in(*, email: str, ip: str | None, browser: str) -> None:
    """A sign-in with `email` failed (wrong password or code): when the email is a member's,
    their firm's History says so, with the address and browser (the activity feed, X-1). Two
    queries, one insert: no transaction of its own (it runs on every failed attempt)."""
    member = Member.objects.filter(user__email__iexact=email.strip()).select_related("user", "firm")
    member = member.first()
    if member is not None:
        record(
            actor=member.user,
            firm=member.firm,
            verb=SIGN_IN_FAILED,
            subject=member.user.email,
            after={"ip_address": ip, "browser": browser[:200]},
        )


def record_sign_in(*, member, ip: str | None, browser: str) -> None:
    """A member signed in: History keeps the address and browser (the activity feed, X-1)."""
    record(
        actor=member.user,
        firm=member.firm,
        verb=HistoryEvent.Verb.SIGNED_IN,
        after={"ip_address": ip, "browser": browser[:200]},
    )


# --- The firm's settings (F-6) ----------------------------------------------------------------

FIRM_SETTINGS = (
    "name",
    "time_zone",
    "currency",
    "language",
    "tax_id",
    "street",
    "postal_code",
    "city",
    "region",
    "country",
)


@transaction.atomic
def update_firm_settings(*, member, values: dict, logo=None, remove_logo: bool = False) -> Firm:
    """Owners and admins change the firm's settings: `values` holds some of FIRM_SETTINGS
    (already cleaned: tax id compact, time zone and currency known); `logo` is a re-encoded
    image file (core.images) or None; `remove_logo` clears it. Only what changed is written and
    recorded (before → after)."""
    rights.require(member, rights.Right.MANAGE_FIRM)
    firm = lock(Firm.objects.get(pk=member.firm_id))
    before, after = {}, {}
    for field in FIRM_SETTINGS:
        if field in values and getattr(firm, field) != values[field]:
            before[field], after[field] = getattr(firm, field), values[field]
            setattr(firm, field, values[field])
    changed = list(after)
    if logo is not None or (remove_logo and firm.logo):
        before["logo"], after["logo"] = bool(firm.logo), logo is not None
        firm.logo = logo or ""
        changed.append("logo")
    if changed:
        firm.save(update_fields=changed)
        record(actor=member.user, firm=firm, verb=FIRM_SETTINGS_CHANGED, before=before, after=after)
    return firm


# --- Staff (F-2) ------------------------------------------------------------------------------

INVITATION_DAYS = 7
INVITATION_SALT = "portico.firms.staff-invitation"
RIGHT_FIELDS = ("can_see_all_accounts", "can_manage_accounts", "can_manage_billing")

LAST_OWNER = _("The firm needs at least one active owner: make someone else owner first.")
OWNERS_ONLY = _("Only an owner can make someone an owner or change an owner.")
ALREADY_SIGNS_IN = _(
    "%(email)s already signs in to Portico, as staff or as a client. Invite another address."
)
NOT_YOURSELF = _("You cannot deactivate yourself. Ask another owner or admin.")


class StaffRefused(Exception):
    """A staff change the rules of F-2 forbid; `message` says why, for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _check_role_change(member, target_role: str, current_role: str | None) -> None:
    if Role.OWNER in (target_role, current_role) and member.role != Role.OWNER:
        raise StaffRefused(OWNERS_ONLY)


def invitation_token(invitation: StaffInvitation) -> str:
    """The signed token of the invitation's link: its id and nonce."""
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT)


def invitation_link(invitation: StaffInvitation) -> str:
    return settings.SITE_URL + reverse("firms:join", args=[invitation_token(invitation)])


def _send_invitation(invitation: StaffInvitation, inviter) -> None:
    emails.send(
        to=invitation.email,
        template="staff_invitation",
        language=invitation.language,
        context={
            "firm": invitation.firm,
            "inviter": str(inviter),
            "name": invitation.full_name,
            "link": invitation_link(invitation),
            "expires_at": invitation.expires_at,
            "time_zone": invitation.firm.time_zone,
        },
        firm=invitation.firm,
    )


@transaction.atomic
def invite_staff(
    *,
    member,
    email: str,
    full_name: str,
    role: str,
    language: str,
    can_see_all_accounts: bool = False,
    can_manage_accounts: bool = False,
    can_manage_billing: bool = False,
) -> StaffInvitation:
    """Owners and admins invite someone to the staff by email: a link valid INVITATION_DAYS
    days, once, that sets their name and password (`accept_staff_invitation`). A pending
    invitation to the same address is replaced (its link dies). StaffRefused when the address
    already belongs to a user, or an admin invites an owner."""
    rights.require(member, rights.Right.MANAGE_FIRM)
    email = email.strip().lower()
    _check_role_change(member, role, None)
    if get_user_model().objects.filter(email__iexact=email).exists():
        raise StaffRefused(ALREADY_SIGNS_IN % {"email": email})
    pending = StaffInvitation.objects.filter(
        firm=member.firm_id, email=email, status=StaffInvitation.Status.PENDING
    )
    pending.update(status=StaffInvitation.Status.CANCELLED)
    invitation = StaffInvitation.objects.create(
        firm=member.firm,
        email=email,
        full_name=full_name.strip(),
        role=role,
        language=language,
        can_see_all_accounts=can_see_all_accounts,
        can_manage_accounts=can_manage_accounts,
        can_manage_billing=can_manage_billing,
        invited_by=member.user,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    _send_invitation(invitation, member.user)
    record(
        actor=member.user,
        firm=member.firm,
        verb=STAFF_INVITED,
        subject=email,
        after={"role": role, **{f: getattr(invitation, f) for f in RIGHT_FIELDS}},
    )
    return invitation


@transaction.atomic
def cancel_staff_invitation(*, member, invitation: StaffInvitation) -> None:
    """Owners and admins cancel a pending invitation: its link stops working."""
    rights.require(member, rights.Right.MANAGE_FIRM, invitation)
    invitation = lock(invitation)
    if invitation.status != StaffInvitation.Status.PENDING:
        raise AlreadyDone(_("This invitation was already used or cancelled."))
    invitation.status = StaffInvitation.Status.CANCELLED
    invitation.save(update_fields=["status"])
    record(
        actor=member.user,
        firm=member.firm,
        verb=STAFF_INVITATION_CANCELLED,
        subject=invitation.email,
    )


LINK_REFUSED = _(
    "This invitation link no longer works: it was used, replaced, cancelled or has expired. "
    "Ask the firm to invite you again."
)


def check_staff_invitation(token: str) -> StaffInvitation:
    """The pending, unexpired invitation `token` names, or StaffRefused(LINK_REFUSED)."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT)
        pk, nonce = int(data["i"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise StaffRefused(LINK_REFUSED) from None
    invitation = (
        StaffInvitation.objects.select_related("firm")
        .filter(pk=pk, nonce=nonce, status=StaffInvitation.Status.PENDING)
        .first()
    )
    if invitation is None or invitation.expires_at < timezone.now():
        raise StaffRefused(LINK_REFUSED)
    return invitation


@transaction.atomic
def accept_staff_invitation(*, token: str, full_name: str, password: str):
    """The invited person sets their name and password: a user and a member with the
    invitation's role, rights and language; the link is used up. Returns the user.
    StaffRefused when the link no longer works or the address has signed up meanwhile."""
    invitation = lock(check_staff_invitation(token))
    if invitation.status != StaffInvitation.Status.PENDING:
        raise StaffRefused(LINK_REFUSED)
    users = get_user_model().objects
    if users.filter(email__iexact=invitation.email).exists():
        raise StaffRefused(ALREADY_SIGNS_IN % {"email": invitation.email})
    user = users.create_user(invitation.email, password, full_name=full_name.strip())
    joined = Member.objects.create(
        firm=invitation.firm,
        user=user,
        role=invitation.role,
        language=invitation.language,
        **{f: getattr(invitation, f) for f in RIGHT_FIELDS},
    )
    invitation.status = StaffInvitation.Status.ACCEPTED
    invitation.member = joined
    invitation.save(update_fields=["status", "member"])
    record(actor=user, firm=invitation.firm, verb=STAFF_JOINED, subject=user.email)
    return user


def _active_owners(firm_id) -> int:
    return Member.objects.filter(
        firm=firm_id, role=Role.OWNER, is_active=True, user__is_active=True
    ).count()


@transaction.atomic
def change_member(
    *,
    member,
    target,
    role: str,
    can_see_all_accounts: bool,
    can_manage_accounts: bool,
    can_manage_billing: bool,
) -> None:
    """Owners and admins change another member's role and rights. Only an owner touches the
    Owner role; the last active owner stays owner (StaffRefused)."""
    rights.require(member, rights.Right.MANAGE_FIRM, target)
    _check_role_change(member, role, target.role)
    Firm.objects.select_for_update().filter(pk=member.firm_id).first()  # one staff change at a time
    target = lock(target)
    if target.role == Role.OWNER and role != Role.OWNER and _active_owners(target.firm_id) <= 1:
        raise StaffRefused(LAST_OWNER)
    wanted = {
        "role": role,
        "can_see_all_accounts": can_see_all_accounts,
        "can_manage_accounts": can_manage_accounts,
        "can_manage_billing": can_manage_billing,
    }
    before = {f: getattr(target, f) for f, v in wanted.items() if getattr(target, f) != v}
    if not before:
        return
    for field in before:
        setattr(target, field, wanted[field])
    target.save(update_fields=list(before))
    record(
        actor=member.user,
        firm=member.firm,
        verb=HistoryEvent.Verb.MEMBER_CHANGED,
        subject=target.user.email,
        before=before,
        after={f: wanted[f] for f in before},
    )


@transaction.atomic
def deactivate_member(*, member, target) -> None:
    """Owners and admins deactivate a member: they are signed out everywhere, can no longer
    sign in, get no email (core.recipients) and stay in History. Only an owner deactivates an
    owner; never the last active owner, nor oneself (StaffRefused)."""
    rights.require(member, rights.Right.MANAGE_FIRM, target)
    if target.pk == member.pk:
        raise StaffRefused(NOT_YOURSELF)
    _check_role_change(member, target.role, target.role)
    Firm.objects.select_for_update().filter(pk=member.firm_id).first()
    target = lock(target)
    if not target.is_active:
        raise AlreadyDone(_("This member is already deactivated."))
    if target.role == Role.OWNER and _active_owners(target.firm_id) <= 1:
        raise StaffRefused(LAST_OWNER)
    target.is_active = False
    target.save(update_fields=["is_active"])
    sessions.end_sessions(target.user)
    record(
        actor=member.user,
        firm=member.firm,
        verb=STAFF_DEACTIVATED,
        subject=target.user.email,
        before={"is_active": True},
        after={"is_active": False},
    )


@transaction.atomic
def reactivate_member(*, member, target) -> None:
    """Owners and admins give a deactivated member their place back, with the role and rights
    they had: they may sign in again (with a new session) and get email again. Only an owner
    reactivates an owner (StaffRefused); an active member is AlreadyDone."""
    rights.require(member, rights.Right.MANAGE_FIRM, target)
    _check_role_change(member, target.role, target.role)
    Firm.objects.select_for_update().filter(pk=member.firm_id).first()
    target = lock(target)
    if target.is_active:
        raise AlreadyDone(_("This member is already active."))
    target.is_active = True
    target.save(update_fields=["is_active"])
    record(
        actor=member.user,
        firm=member.firm,
        verb=STAFF_REACTIVATED,
        subject=target.user.email,
        before={"is_active": False},
        after={"is_active": True},
    )


# --- My profile -------------------------------------------------------------------------------


@transaction.atomic
def update_profile(*, member, full_name: str, email: str, language: str) -> None:
    """A member changes their own name, sign-in email and language. StaffRefused when the email
    already belongs to another user."""
    user = lock(member.user)
    email = email.strip().lower()
    users = get_user_model().objects
    if email != user.email and users.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise StaffRefused(ALREADY_SIGNS_IN % {"email": email})
    before, after = {}, {}
    for obj, field, value in (
        (user, "full_name", full_name.strip()),
        (user, "email", email),
        (member, "language", language),
    ):
        if getattr(obj, field) != value:
            before[field], after[field] = getattr(obj, field), value
            setattr(obj, field, value)
    user_fields = [f for f in ("full_name", "email") if f in after]
    if user_fields:
        user.save(update_fields=user_fields)
    if "language" in after:
        member.save(update_fields=["language"])
    if after:
        record(
            actor=user,
            firm=member.firm,
            verb=PROFILE_CHANGED,
            subject=user.email,
            before=before,
            after=after,
        )


@transaction.atomic
def change_password(*, member, password: str, keep_session: str | None) -> int:
    """A member sets a new password (the view checked the old one and the validators): every
    other session of theirs ends. Returns how many ended."""
    user = member.user
    user.set_password(password)
    user.save(update_fields=["password"])
    ended = sessions.end_sessions(user, keep=keep_session)
    record(actor=user, firm=member.firm, verb=PASSWORD_CHANGED, subject=user.email)
    return ended


@transaction.atomic
def sign_out_everywhere(*, member, keep_session: str | None) -> int:
    """End every session of the member but `keep_session` (the one asking). Returns how many."""
    ended = sessions.end_sessions(member.user, keep=keep_session)
    record(
        actor=member.user,
        firm=member.firm,
        verb=SIGNED_OUT_EVERYWHERE,
        subject=member.user.email,
        after={"sessions": ended},
    )
    return ended


# --- Operators (X-4) --------------------------------------------------------------------------

FIRM_CREATED = "firm.created"
HISTORY_VERBS.append(HistoryVerb(key=FIRM_CREATED, label=_("created the firm")))


@transaction.atomic
def create_firm(
    *, name: str, owner_email: str, owner_name: str, language: str, time_zone: str
) -> tuple[Firm, StaffInvitation]:
    """An operator creates a firm and invites its first owner (`manage.py createfirm`): the
    owner's activation link (invitation_link) sets their name and password. Nothing is
    emailed: the operator hands the link over. StaffRefused when the address already signs in."""
    owner_email = owner_email.strip().lower()
    if get_user_model().objects.filter(email__iexact=owner_email).exists():
        raise StaffRefused(ALREADY_SIGNS_IN % {"email": owner_email})
    firm = Firm.objects.create(name=name.strip(), language=language, time_zone=time_zone)
    invitation = StaffInvitation.objects.create(
        firm=firm,
        email=owner_email,
        full_name=owner_name.strip(),
        role=Role.OWNER,
        language=language,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    record(
        actor=None, firm=firm, verb=FIRM_CREATED, subject=firm.name, after={"owner": owner_email}
    )
    return firm, invitation

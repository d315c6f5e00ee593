"""Writes of the firms app for sign-in protection and the second factor (F-4). Keyword-only, each
in one transaction, each recording its History event."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portico.core import rights
from portico.core.history import record
from portico.core.registry import HistoryVerb
from portico.firms.models import Firm, Member, ResetRequest, Role

RECOVERY_CODES = 10

# History verbs of sign-in protection (registered in FirmsConfig.ready()).
SIGN_IN_LOCKED = "signin.locked"
TWO_FACTOR_ENABLED = "two_factor.enabled"
TWO_FACTOR_DISABLED = "two_factor.disabled"
RECOVERY_CODES_RENEWED = "two_factor.codes"
TWO_FACTOR_RESET = "two_factor.reset"
TWO_FACTOR_REQUIRED = "firm.two_factor"
HISTORY_VERBS = [
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

"""Firm-scoped reads of the firms app."""

from django.db.models import OuterRef, Subquery
from django_otp.plugins.otp_totp.models import TOTPDevice

from portico.core import rights
from portico.firms.models import Member, StaffInvitation, UserSession


def staff_security(member):
    """The active members of `member`'s firm, with `two_factor_since` (when they set up their
    second factor; None if they have not), for owners and admins; nobody for anyone else."""
    if not rights.has(member, rights.Right.MANAGE_FIRM):
        return Member.objects.none()
    enrolled = TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)
    return (
        Member.objects.filter(firm=member.firm_id, is_active=True)
        .select_related("user")
        .annotate(two_factor_since=Subquery(enrolled.values("created_at")[:1]))
        .order_by("user__full_name", "user__email")
    )


def staff(member):
    """Every member of `member`'s firm, active ones first, by name, for owners and admins;
    nobody for anyone else (get_for_member answers 404)."""
    if not rights.has(member, rights.Right.MANAGE_FIRM):
        return Member.objects.none()
    return (
        Member.objects.filter(firm=member.firm_id)
        .select_related("user")
        .order_by("-is_active", "user__full_name", "user__email")
    )


def staff_invitations(member):
    """The firm's pending staff invitations, newest first, for owners and admins."""
    if not rights.has(member, rights.Right.MANAGE_FIRM):
        return StaffInvitation.objects.none()
    return StaffInvitation.objects.filter(
        firm=member.firm_id, status=StaffInvitation.Status.PENDING
    ).order_by("-created_at")


def own_sessions(member):
    """The member's signed-in sessions, newest first."""
    return UserSession.objects.filter(user=member.user_id).order_by("-created_at")

"""Firm-scoped reads of the firms app."""

from django.db.models import OuterRef, Subquery
from django_otp.plugins.otp_totp.models import TOTPDevice

from portico.core import rights
from portico.firms.models import Member


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

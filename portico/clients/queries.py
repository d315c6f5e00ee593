"""Firm-scoped reads of client accounts: everything a view shows comes through here."""

from django.db.models import Prefetch

from portico.clients.models import ClientAccount, Tag
from portico.firms.models import Member


def visible_accounts(member):
    """The accounts `member` may open (F-3): all of the firm's, or those whose team they are on."""
    accounts = ClientAccount.objects.filter(firm=member.firm)
    if not member.sees_all_accounts:
        accounts = accounts.filter(teammembership__member=member)
    return accounts


def editable_accounts(member):
    """The accounts `member` may edit (P-1): owners, admins and members with *manage accounts*."""
    if not member.manages_accounts:
        return ClientAccount.objects.none()
    return visible_accounts(member)


def account_rows(member):
    """Visible accounts with what a list row shows, in a fixed number of queries."""
    return (
        visible_accounts(member)
        .order_by("name", "pk")
        .prefetch_related(
            Prefetch("tags", queryset=Tag.objects.order_by("name")),
            Prefetch(
                "team", queryset=Member.objects.select_related("user").order_by("user__email")
            ),
        )
    )


def firm_members(member):
    return Member.objects.filter(firm=member.firm, is_active=True).select_related("user")

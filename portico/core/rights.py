"""Staff rights (F-2, F-3) in one place: what each right means, and the check actions make.

A right is a name; `has(member, right)` says whether a member holds it. Owners and admins hold
every right; accountants hold the ones ticked on their Member row. Views show or hide controls
with `has`; actions call `require`, which refuses with PermissionDenied; queries.py reads narrow
with `scope`, so views answer 404 (get_for_member) for what a member may not reach."""

from enum import StrEnum

from django.core.exceptions import PermissionDenied


class Right(StrEnum):
    SEE_ALL_ACCOUNTS = "see_all_accounts"  # every account, not only the teams one is on (F-3)
    MANAGE_ACCOUNTS = "manage_accounts"  # edit details, contacts, access (F-2)
    MANAGE_BILLING = "manage_billing"  # invoices, estimates, payments and their amounts (F-2)
    MANAGE_FIRM = "manage_firm"  # team, settings, tags, custom fields: owners and admins (F-6)


def has(member, right: Right | str | None) -> bool:
    """Whether `member` (a firms.Member, or None) holds `right`; None asks for no right."""
    if member is None or not member.is_active:
        return False
    if right is None:
        return True
    if member.is_manager:
        return True
    return {
        Right.SEE_ALL_ACCOUNTS: member.can_see_all_accounts,
        Right.MANAGE_ACCOUNTS: member.can_manage_accounts,
        Right.MANAGE_BILLING: member.can_manage_billing,
        Right.MANAGE_FIRM: False,
    }[Right(right)]


def require(member, right: Right | str | None, *objects) -> None:
    """Refuse (PermissionDenied) unless `member` holds `right` and every one of `objects` (models
    with a `firm_id`) belongs to the member's firm."""
    if not has(member, right):
        raise PermissionDenied
    if any(obj.firm_id != member.firm_id for obj in objects):
        raise PermissionDenied


def scope(member, right: Right | str | None, queryset):
    """`queryset` when `member` holds `right`, else none of its rows: how a queries.py read
    narrows to who may make it (views then answer 404 through get_for_member)."""
    return queryset if has(member, right) else queryset.none()


def signature(member) -> tuple:
    """What a member's reads may depend on: their firm, their id (their teams) and every right
    they hold. A query compiled once and kept per signature (core/compiled.py) is right for
    anyone with the same one, whatever right a future condition asks about."""
    return (member.firm_id, member.pk, *(has(member, right) for right in Right))

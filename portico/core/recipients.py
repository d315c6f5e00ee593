"""Who Portico may email: nobody whose user or firm membership is switched off (issue 14).

A user is switched off through Users → Active (`User.is_active`), a member through Members →
Active (`Member.is_active`); either one stops every email to them. Every recipient selection
(digests, notify accountants, invitations, document notices, password resets) filters with the
Q objects below, and `emails.send()` and the delivery worker check each address once more with
`inactive_addresses()`, so an email a future selection forgets to filter still does not go out.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

USER_INACTIVE = "not sent: the user is deactivated"
MEMBER_INACTIVE = "not sent: the member is deactivated"


def active_members(prefix: str = "") -> Q:
    """Members, reached through `prefix` (e.g. "member__"), whose membership and user are both
    active."""
    return Q(**{f"{prefix}is_active": True, f"{prefix}user__is_active": True})


def active_users(prefix: str = "") -> Q:
    """Users, reached through `prefix`, who are active and, when staff, an active member."""
    return Q(**{f"{prefix}is_active": True}) & ~Q(**{f"{prefix}member__is_active": False})


def active_contact_emails(prefix: str = "") -> Q:
    """Contact emails, reached through `prefix`, that no deactivated portal user signs in as
    (an email nobody has activated yet has no user, and may be written to)."""
    return ~Q(**{f"{prefix}portal_identity__user__is_active": False})


def inactive_addresses(addresses) -> dict[str, str]:
    """Of these addresses, those of a deactivated user or member: {lower-cased address: why it
    gets no email}. One query: for a few addresses, served by the unique index on the users'
    addresses (UserManager stores them lower-cased); for a bulk action's thousands, every
    deactivated user is read instead (there are few), which costs less than listing them."""
    wanted = {a for address in addresses for a in (address, address.lower())}
    if not wanted:
        return {}
    users = get_user_model().objects.exclude(active_users())
    if len(wanted) <= 200:
        users = users.filter(email__in=wanted)
    return {
        email.lower(): USER_INACTIVE if not is_active else MEMBER_INACTIVE
        for email, is_active in users.values_list("email", "is_active")
        if email in wanted or email.lower() in wanted
    }

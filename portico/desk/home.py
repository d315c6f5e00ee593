"""The desk's Home card (F-8): clients still being onboarded (C-1)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portico.clients import queries
from portico.clients.models import ClientAccount
from portico.core.registry import HomeFigure

# The steps of Onboarding (C-1): neither active nor archived.
WAITING = [
    ClientAccount.Onboarding.INVITED,
    ClientAccount.Onboarding.DETAILS_SUBMITTED,
    ClientAccount.Onboarding.VERIFICATION,
]


def onboarding(member):
    """The accounts `member` may see that are still in Onboarding (invited, details submitted,
    verification; not archived ones): one query, through the (firm, onboarding) index, each
    account checked against the member's team (probe). Joined from the team instead, the
    heaviest accountant's 12,000 accounts were read one by one (68 ms under load)."""
    visible = queries.visible_accounts(member, probe=True)
    waiting = visible.filter(onboarding__in=WAITING)
    return HomeFigure(
        waiting.count(),
        _("clients waiting in Onboarding"),
        reverse("clients:list") + "?tab=onboarding",
    )

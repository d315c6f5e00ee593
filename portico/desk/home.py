"""The desk's Home card (F-8): clients still being onboarded (C-1)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portico.clients import queries
from portico.clients.models import ClientAccount
from portico.core.registry import HomeFigure


def onboarding(member):
    """The accounts `member` may see that are still in Onboarding (invited, details submitted,
    verification): one query."""
    waiting = queries.visible_accounts(member).exclude(onboarding=ClientAccount.Onboarding.ACTIVE)
    return HomeFigure(
        waiting.count(),
        _("clients waiting in Onboarding"),
        reverse("clients:list") + "?tab=onboarding",
    )

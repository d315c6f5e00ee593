"""The portal's Home card (F-8): contact emails whose portal access is pending activation."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portico.core.registry import HomeFigure
from portico.portal.models import PendingTally


def pending_activations(member):
    """The firm's pending activations (C-10), from the count the database keeps: one query."""
    tally = PendingTally.objects.filter(firm=member.firm).values_list("pending_emails", flat=True)
    count = next(iter(tally), 0)
    return HomeFigure(count, _("pending activations"), reverse("clients:list") + "?tab=pending")

"""The notifications app's Home card (F-8): the member's email digests (N-1)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portico.core.registry import HomeFigure
from portico.notifications.models import DigestSubscription

SHOWN = 5
# The id of the client's Notifications card (notifications/_digest_card.html), where a member
# turns the digest on or off and picks its frequency.
DIGEST_CARD = "email-digest"


def my_digests(member):
    """The clients `member` gets a digest about, the first five by name with a link to each
    one's digest setting (the Notifications card of its Info tab), and their count: two
    queries at most."""
    mine = DigestSubscription.objects.filter(member=member)
    first = list(mine.select_related("account").order_by("account__name_key", "pk")[:SHOWN])
    count = len(first) if len(first) < SHOWN else mine.count()
    items = tuple(
        (
            f"{s.account.name} · {s.get_frequency_display()}",
            reverse("clients:info", args=[s.account_id]) + "#" + DIGEST_CARD,
        )
        for s in first
    )
    return HomeFigure(
        count, _("clients in my email digests"), reverse("clients:list") + "?tab=mine", items
    )

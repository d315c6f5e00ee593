"""The client profile's Overview tab (P-3, seed 004 "Visión general"): one page with a card per
section, each showing its latest five and a View all link.

The cards come from the apps through core.registry (`OverviewCard`); this page knows none of
them. A card whose app says it has nothing to show is left out unless it asks to be kept."""

from django.shortcuts import render
from django.urls import reverse

from portico.clients import queries
from portico.core.registry import OverviewCard, registry
from portico.core.tenancy import get_for_member, member_required


@member_required
def overview(request, pk):
    account = get_for_member(queries.visible_accounts, request.member, pk=pk)
    context = {
        "section": "clients",
        "account": account,
        "tab": "overview",
        "cards": cards_of(request.member, account),
    }
    return render(request, "clients/profile/overview.html", context)


def cards_of(member, account) -> list[dict]:
    """The Overview's cards for `member` on `account`, in the registry's order, as
    [{"key", "label", "template", "items", "view_all"}]; `items` holds at most five."""
    cards = []
    for card in registry.for_member(OverviewCard, member):
        items = list(card.latest(member, account))[:5]
        if not items and card.hide_when_empty:
            continue
        cards.append(
            {
                "key": card.key,
                "label": card.label,
                "template": card.template,
                "items": items,
                "view_all": reverse(card.view_all, args=[account.pk]) if card.view_all else None,
            }
        )
    return cards

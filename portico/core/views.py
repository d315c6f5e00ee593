from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from portico.core.registry import HomeCard, registry
from portico.core.tenancy import member_required


@member_required
def home(request):
    """Home (F-8): a card per figure the feature apps registered (registry.HomeCard) that the
    member has the right to see and that has something to say."""
    cards = []
    for card in registry.for_member(HomeCard, request.member):
        figure = card.figure(request.member)
        if figure is not None:
            cards.append((card, figure))
    return render(request, "core/home.html", {"section": "home", "cards": cards})


def health(request):
    """For load balancers and monitors: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says."""
    return redirect(static("favicon.svg"), permanent=True)

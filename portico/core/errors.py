"""The pages shown for a refused, missing or failed request (403, 404, 500), in the user's
language and in the layout they were using: staff see the sidebar and a way back to Clients,
clients the way back to their portal, anyone else the sign-in page.

A foreign or forbidden object answers 404 (DESIGN.md's tenancy rule), so the 404 page must not
say whether the thing exists."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def _way_back(request):
    """(layout template, URL name of the way back, its label key) for who is asking."""
    if getattr(request, "member", None) is not None:
        return "base.html", "clients:list", "clients"
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return "public_base.html", "portal:home", "portal"
    return "public_base.html", "firms:login", "sign_in"


def _page(request, status):
    layout, back_url, back = _way_back(request)
    context = {"layout": layout, "back_url": back_url, "back": back, "status": status}
    return render(request, f"errors/{status}.html", context, status=status)


def page_not_found(request, exception):
    return _page(request, 404)


def permission_denied(request, exception):
    return _page(request, 403)


def server_error(request):
    """Rendered without the request's context: whatever failed may fail again while rendering."""
    return HttpResponseServerError(loader.get_template("errors/500.html").render())

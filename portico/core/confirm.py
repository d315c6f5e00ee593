"""One confirmation step for bulk and destructive actions: the view asks before it acts, naming
what will change ("Añadir a Luc a 205 clientes"), and acts once the person confirms.

A view decorated with `@confirmable` calls `ask(...)` while `confirmed(request)` is false. The
answer repeats the POST's fields as hidden inputs with `confirmed=1`, posted to the same URL:
- through htmx (the form has `hx-post`, `hx-target="body"`, `hx-swap="beforeend"`), a Bootstrap
  modal that static/js/confirm.js opens (no inline JavaScript);
- without JavaScript, a page of its own with the same form (the fallback).
Under htmx, a redirect the view answers is turned into `HX-Redirect`, so the browser goes there
as a plain POST would, messages included."""

from functools import wraps

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

CONFIRMED = "confirmed"
NOT_REPEATED = {"csrfmiddlewaretoken", CONFIRMED}


def confirmed(request) -> bool:
    """Whether this POST comes from the confirmation step."""
    return request.POST.get(CONFIRMED) == "1"


def ask(request, *, title, confirm_label, back, detail="", danger=False):
    """The confirmation of this POST: `title` names what will change and how much (counts said
    with ngettext), `confirm_label` is its button, `back` where Cancel goes without JavaScript.
    Renders a modal for htmx, else the page."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in NOT_REPEATED
        for value in values
    ]
    context = {
        "title": title,
        "detail": detail,
        "confirm_label": confirm_label,
        "danger": danger,
        "fields": fields,
        "action": request.get_full_path(),
        "back": back,
    }
    template = "core/confirm.html"
    if request.htmx:
        template += "#confirm-modal"
    response = render(request, template, context)
    response.confirm_step = True
    return response


def confirmable(view):
    """Decorator for views that may call ask(): under htmx their redirects become client-side
    redirects (HX-Redirect) instead of pages swapped into the one on screen, and any other
    page they answer (a form refused) reloads the page on screen (HX-Refresh)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not request.htmx or getattr(response, "confirm_step", False):
            return response
        if isinstance(response, HttpResponseRedirect):
            return HttpResponseClientRedirect(response.url)
        return HttpResponseClientRefresh()

    return wrapper

"""Throttled sign-in (F-4), staff and portal alike: what Axes is told (who is signing in, from
which address, what a lockout looks like) and what the pages ask of it.

Axes counts every failed sign-in, a wrong password or a wrong second-factor code, per account
and per IP address, in the database. At `settings.AXES_FAILURE_LIMIT` failures (the environment's
PORTICO_SIGNIN_ATTEMPTS) the account, or the address, is refused, even with the right password,
until `settings.AXES_COOLOFF_TIME` (PORTICO_SIGNIN_WINDOW_MINUTES) has passed since its last
failure.
"""

import math
from datetime import datetime

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext, npgettext

from portico.firms import actions

LOCKOUT_SHOWN = "portico_lockout_shown"  # request attribute: the page already says it


def username_of(request, credentials) -> str | None:
    """The account an attempt is counted against: the email as typed, trimmed and lower-cased,
    so that "Ana@X" and "ana@x" share one count (Axes's AXES_USERNAME_CALLABLE)."""
    email = (credentials or {}).get("email") or request.POST.get("email")
    return email.strip().lower() if email else None


def client_ip(request) -> str | None:
    """The client's address. Behind `settings.PROXY_COUNT` reverse proxies, it is the address the
    outermost one saw: that many entries from the right of X-Forwarded-For, which each proxy
    appends to (anything further left was written by the client and proves nothing)."""
    if settings.PROXY_COUNT:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= settings.PROXY_COUNT and forwarded[-settings.PROXY_COUNT]:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")


def locked_until(request, email) -> datetime | None:
    """When the account `email`, or the request's address, may try again; None if it may now.

    Each Axes record keeps the time of its latest failure, and all its failures are forgotten
    `AXES_COOLOFF_TIME` after it: the lockout ends then for the latest of the locked records."""
    credentials = {"email": email}
    if AxesProxyHandler.is_allowed(request, credentials):
        return None
    handler = AxesProxyHandler.get_implementation()
    ends = []
    for attempts in handler.get_user_attempts(request, credentials):
        found = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        if (found["failures"] or 0) >= settings.AXES_FAILURE_LIMIT:
            ends.append(found["last"] + settings.AXES_COOLOFF_TIME)
    # A blocked address (Axes's own blacklist) has no failures to wait out.
    return max(ends, default=timezone.now() + settings.AXES_COOLOFF_TIME)


def count_failure(request, email) -> datetime | None:
    """Count a failed attempt that did not go through `authenticate()` (a wrong code); when it
    is the one that locks the account or address, say until when."""
    user_login_failed.send(sender=__name__, credentials={"email": email}, request=request)
    return locked_until(request, email) if getattr(request, "axes_locked_out", False) else None


def newly_locked(request) -> bool:
    """Axes sends `user_locked_out` when a counted failure locks an account or address, and again
    for each attempt refused during the lockout: only the first is news for History."""
    return getattr(request, "axes_failures_since_start", None) is not None


def on_locked_out(sender, request, username, ip_address, **kwargs):
    """Receiver of Axes's `user_locked_out`: a member's lockout goes into their firm's History."""
    if username and newly_locked(request):
        actions.record_lockout(email=username, ip=ip_address)


def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    """Receiver of `user_login_failed`: a failed sign-in with a member's email goes into their
    firm's History (the activity feed, X-1), with the address and browser it came from."""
    email = (credentials or {}).get("email")
    if email and request is not None:
        actions.record_failed_sign_in(
            email=email,
            ip=client_ip(request),
            browser=request.headers.get("user-agent", ""),
        )


def minutes_until(moment: datetime) -> int:
    return max(1, math.ceil((moment - timezone.now()).total_seconds() / 60))


def locked_message(request, until: datetime, *, portal=False) -> str:
    """The refusal shown on a sign-in page, saying when to try again (in whole minutes)."""
    count = minutes_until(until)
    setattr(request, LOCKOUT_SHOWN, True)
    if portal:
        return npgettext(
            "portal",
            "Too many failed sign-in attempts. For your security, signing in is paused: try "
            "again in %(count)d minute.",
            "Too many failed sign-in attempts. For your security, signing in is paused: try "
            "again in %(count)d minutes.",
            count,
        ) % {"count": count}
    return ngettext(
        "Too many failed sign-in attempts. For your security, signing in is paused: try again "
        "in %(count)d minute.",
        "Too many failed sign-in attempts. For your security, signing in is paused: try again "
        "in %(count)d minutes.",
        count,
    ) % {"count": count}


def reset_paused_message(until: datetime, *, portal=False) -> str:
    """The refusal of a password-reset request past the limit; it says the same whether or not
    the address belongs to anyone."""
    count = minutes_until(until)
    if portal:
        return npgettext(
            "portal",
            "Too many requests for a new password. Try again in %(count)d minute.",
            "Too many requests for a new password. Try again in %(count)d minutes.",
            count,
        ) % {"count": count}
    return ngettext(
        "Too many requests for a new password. Try again in %(count)d minute.",
        "Too many requests for a new password. Try again in %(count)d minutes.",
        count,
    ) % {"count": count}


def lockout_response(request, response, credentials):
    """Axes's AXES_LOCKOUT_CALLABLE: our sign-in pages already explain the lockout in their form,
    so they only get the status; any other sign-in (the Django admin's) gets a page saying it."""
    if not getattr(request, LOCKOUT_SHOWN, False):
        email = username_of(request, credentials)
        until = locked_until(request, email) or timezone.now() + settings.AXES_COOLOFF_TIME
        context = {"message": locked_message(request, until)}
        response = render(request, "firms/locked.html", context)
    response.status_code = settings.AXES_HTTP_RESPONSE_CODE
    return response

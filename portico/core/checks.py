"""Portico's own system checks: shown when any manage.py command starts, `serve` included."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from portico.env import env_str

LOOPBACK = {"localhost", "127.0.0.1", "[::1]", "::1"}


@register(Tags.compatibility)
def site_url_is_set(app_configs, **kwargs):
    """Emails sent outside a request (invitations, digests, reminders) link to SITE_URL: in
    production (DEBUG off, host names beyond this machine) it must be set explicitly, as the
    address `serve --bind` listens on is seldom the one clients reach (a proxy, TLS)."""
    if env_str("PORTICO_SITE_URL") or settings.DEBUG:
        return []
    if all(host in LOOPBACK or host.startswith("127.") for host in settings.ALLOWED_HOSTS):
        return []
    return [
        Warning(
            "PORTICO_SITE_URL is not set: links in emails point to the address the app is "
            "served on, which clients may not reach.",
            hint="Set PORTICO_SITE_URL to the address clients use, e.g. https://portal.example.com",
            id="portico.W101",
        )
    ]

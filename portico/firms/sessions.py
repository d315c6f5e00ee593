"""A user's signed-in sessions (My profile's active sessions, F-2 deactivation).

Django's database sessions cannot be listed per user without reading every one, so each sign-in
notes its session key in `UserSession` (`on_signed_in`, connected to `user_logged_in`) and each
sign-out removes it. Ending a user's sessions deletes the session rows themselves: the next
request of any of those browsers is anonymous."""

from importlib import import_module

from django.conf import settings

from portico.firms.models import UserSession

USER_AGENT_LENGTH = 300


def on_signed_in(sender, request, user, **kwargs):
    """`user_logged_in`: note the new session with the address and browser it came from (a
    session key login() has just made, so a plain insert)."""
    from portico.firms.signin import client_ip

    key = getattr(getattr(request, "session", None), "session_key", None)
    if not key:
        return
    UserSession.objects.create(
        session_key=key,
        user=user,
        ip_address=client_ip(request),
        user_agent=request.headers.get("user-agent", "")[:USER_AGENT_LENGTH],
    )


def on_signed_out(sender, request, user, **kwargs):
    """`user_logged_out`: forget the session that ends."""
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key).delete()


def end_sessions(user, *, keep: str | None = None) -> int:
    """Sign `user` out of every browser but the session `keep` (a session key, or None for all):
    their session rows are deleted from the session store. Returns how many ended."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = UserSession.objects.filter(user=user)
    if keep:
        sessions = sessions.exclude(session_key=keep)
    keys = list(sessions.values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    sessions.delete()
    return len(keys)

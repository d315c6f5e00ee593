"""Who is looking at the portal: a client user, or a staff member trying their firm's test
client (A-11). Every portal view is wrapped in `portal_required`."""

import time
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db.models import Min
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portico.clients.models import ClientAccount
from portico.portal import queries
from portico.portal.models import PortalSettings

PREVIEW = "portal_preview"  # session key: the test account a staff member is trying
SEEN = "portal_seen"  # session key: when the client last did something


@dataclass
class Viewer:
    user: object
    accounts: object  # queryset of the accounts they may open
    language: str
    preview: bool = False
    test_account: object = None  # in a preview: the firm's test account, the only one it touches

    def identities(self):
        """The contact emails the viewer signs in as and may change the settings of: all of a
        client user's; in a preview only the test account's own (issue 15, fault 2)."""
        if self.preview:
            return queries.test_identities(self.user, self.test_account)
        return queries.identities(self.user)

    def may_write(self, *, account=None, email=None) -> bool:
        """Whether this viewer may change `account` or `email` (a ContactEmail): a client user
        acts on what the views scoped for them; a preview only on the test account and its
        contacts' emails — never another account, firm or a real client's identity."""
        if not self.preview:
            return True
        if account is not None and account.pk != self.test_account.pk:
            return False
        if email is not None:
            on_test = queries.test_identities(self.user, self.test_account)
            return on_test.filter(email=email).exists()
        return account is not None


def viewer_of(request) -> Viewer | None:
    user = request.user
    if not user.is_authenticated:
        return None
    if request.member is not None:
        return _preview_viewer(request)
    if hasattr(user, "member"):
        return None  # a staff member whose membership ended
    identities = list(queries.identities(user)[:1])
    if not identities:
        return None
    language = identities[0].email.contact.language
    return Viewer(user=user, accounts=queries.client_accounts(user), language=language)


def _preview_viewer(request):
    pk = request.session.get(PREVIEW)
    account = queries.test_client_account(request.firm) if pk else None
    if account is None or account.pk != pk:
        return None
    user = queries.test_user(request.firm, account)
    if user is None:
        return None
    language = request.member.language or request.firm.language
    return Viewer(
        user=user,
        accounts=ClientAccount.objects.filter(pk=account.pk).select_related("firm"),
        language=language,
        preview=True,
        test_account=account,
    )


def idle_limit_seconds(viewer) -> int:
    """The shortest idle time-out among the firms whose accounts the client may open (A-10)."""
    firms = viewer.accounts.values("firm")
    minutes = PortalSettings.objects.filter(firm__in=firms).aggregate(m=Min("idle_minutes"))["m"]
    return 60 * (minutes or PortalSettings.IdleTimeout.HALF_HOUR)


def _timed_out(request, viewer) -> bool:
    if viewer.preview:
        return False
    now, limit = int(time.time()), idle_limit_seconds(viewer)
    seen = request.session.get(SEEN)
    if seen is not None and now - seen > limit:
        return True
    request.session[SEEN] = now
    request.session.set_expiry(limit)
    return False


def portal_required(view):
    """Client users only (and staff trying their test client); anyone else signed in gets 404,
    anonymous visitors go to the portal's sign-in. Idle sessions end (A-10)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        viewer = viewer_of(request)
        if viewer is None:
            if request.user.is_authenticated:
                raise Http404
            return redirect_to_login(request.get_full_path(), reverse("portal:sign_in"))
        if _timed_out(request, viewer):
            logout(request)
            messages.info(request, _("You were signed out after a time without activity."))
            return redirect_to_login(request.get_full_path(), reverse("portal:sign_in"))
        request.portal = viewer
        translation.activate(viewer.language)
        request.LANGUAGE_CODE = viewer.language
        return view(request, *args, **kwargs)

    return wrapper


def portal_account(request, pk):
    """One of the viewer's accounts; any other answers 404 like a missing one."""
    return get_object_or_404(request.portal.accounts, pk=pk)


def first_account(request):
    return request.portal.accounts.order_by("name_key", "pk").first()


def exit_preview(request):
    request.session.pop(PREVIEW, None)
    return redirect("clients:list")

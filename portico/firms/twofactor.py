"""The second factor of staff sign-in (F-4), on django-otp's devices: a TOTP device (a code from an
authenticator app) and a static device holding ten single-use recovery codes.

A member is *enrolled* when they have a confirmed TOTP device. Their sign-in then takes two steps:
the password, after which the session only holds a pending sign-in (`PENDING`, not signed in), and
a code, after which they are signed in and the session records the device it was checked against
(`VERIFIED`). `TwoFactorMiddleware` keeps that true on every request.
"""

import re
import time
from base64 import b32encode
from binascii import unhexlify

import segno
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from portico.firms.models import User

VERIFIED = "portico_two_factor"  # session: pk of the TOTP device this sign-in was checked against
PENDING = "portico_sign_in_pending"  # session: {"user", "at", "next"} between password and code
PENDING_SECONDS = 5 * 60
SETUP_KEY = "portico_two_factor_setup"  # session: the key being enrolled, until confirmed
NEW_CODES = "portico_recovery_codes"  # session: recovery codes to show once
DIGITS = re.compile(r"[0-9]{6}")  # an app's code; recovery codes have letters
# Pages a member whose firm requires a second factor may open before enrolling.
ENROLMENT_VIEWS = {"firms:two_factor", "firms:logout", "firms:set_language"}


def totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def enrolled_device_id(user) -> int | None:
    """The pk of the user's confirmed TOTP device, or None. `EmailBackend.get_user` annotates it
    on the request's user, so the check on every request costs no query."""
    if hasattr(user, "totp_id"):
        return user.totp_id
    device = totp_device(user)
    return device.pk if device else None


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


# --- Enrolment --------------------------------------------------------------------------------


def new_key() -> str:
    """A new TOTP secret: 20 random bytes, hex-encoded as django-otp stores it."""
    return random_hex(20)


def secret_text(key: str) -> str:
    """The secret as an authenticator app takes it when typed: base32, in groups of four."""
    text = b32encode(unhexlify(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(user, key: str) -> str:
    """The otpauth:// link of `key` for `user` as an inline SVG QR code (no image request)."""
    link = TOTPDevice(user=user, key=key).config_url
    return segno.make(link, error="m").svg_inline(scale=4, light="#fff")


def normalised(code: str) -> str:
    """A code as typed ("123 456", "ABCD-EFGH") as the devices compare it."""
    return "".join(code.split()).replace("-", "").lower()


def setup_step(key: str, code: str) -> tuple[int, int] | None:
    """Check the first code of a key not yet saved: (time step, drift) when it is a current code
    (one step of clock difference allowed either way), else None."""
    code = normalised(code)
    if not DIGITS.fullmatch(code):
        return None
    totp = TOTP(unhexlify(key))
    totp.time = time.time()
    return (totp.t(), totp.drift) if totp.verify(int(code), tolerance=1) else None


# --- Sign-in ----------------------------------------------------------------------------------


def verify(user, code: str) -> tuple[TOTPDevice, bool] | None:
    """(the user's TOTP device, recovery used?) when `code` is a current code of their app (each
    is accepted once) or one of their unused recovery codes (which is then used up); else None."""
    device = totp_device(user)
    if device is None:
        return None
    code = normalised(code)
    if DIGITS.fullmatch(code):
        return (device, False) if device.verify_token(code) else None
    recovery = StaticDevice.objects.filter(user=user).first()
    if recovery is not None and recovery.verify_token(code):
        return device, True
    return None


def start_pending(request, user, next_url: str) -> None:
    """After the right password: remember who is signing in, for the code step only."""
    request.session.cycle_key()
    request.session[PENDING] = {"user": user.pk, "at": int(time.time()), "next": next_url}


def pending(request) -> tuple[User, str] | None:
    """(user, where to go next) of a pending sign-in younger than PENDING_SECONDS, else None."""
    state = request.session.get(PENDING)
    if not isinstance(state, dict) or time.time() - state.get("at", 0) > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=state.get("user"), is_active=True).first()
    return (user, state.get("next") or "") if user else None


def verified(request, device) -> None:
    """The session passed the second step with `device`."""
    request.session.pop(PENDING, None)
    request.session[VERIFIED] = device.pk


# --- Every request ----------------------------------------------------------------------------


class TwoFactorMiddleware:
    """For signed-in staff: a session that did not pass the code step of an enrolled member (one
    opened before they enrolled, or by a sign-in without it, such as the Django admin's) is
    signed out; a member whose firm requires a second factor and who has none can open only the
    enrolment page (and sign out) until they enrol."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        member = getattr(request, "member", None)
        if member is None:
            return None
        device = enrolled_device_id(request.user)
        if device is not None and request.session.get(VERIFIED) != device:
            logout(request)
            return redirect_to_login(request.get_full_path())
        if device is None and member.firm.require_two_factor:
            if request.resolver_match.view_name in ENROLMENT_VIEWS:
                return None
            url = reverse("firms:two_factor")
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
        return None

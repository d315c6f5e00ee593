from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portico.core import rights
from portico.core.tenancy import get_for_member, member_of, member_required
from portico.firms import actions, queries, signin, twofactor
from portico.firms.forms import (
    CodeForm,
    DisableForm,
    LanguageForm,
    RequireTwoFactorForm,
    SetupForm,
    SignInForm,
    StaffPasswordResetForm,
)

BACKEND = "portico.firms.backends.EmailBackend"


def _signed_in(request, member, response):
    actions.record_sign_in(
        member=member,
        ip=signin.client_ip(request),
        browser=request.headers.get("user-agent", ""),
    )
    if member.language:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, member.language)
    return response


class SignInView(auth_views.LoginView):
    """The password step. An enrolled member goes on to the code step, not yet signed in."""

    form_class = SignInForm
    template_name = "firms/sign_in.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if twofactor.totp_device(user) is not None:
            twofactor.start_pending(self.request, user, self.get_success_url())
            return redirect("firms:sign_in_code")
        return _signed_in(self.request, user.member, super().form_valid(form))


def sign_in_code(request):
    """The code step of an enrolled member's sign-in (F-4), throttled with the password step."""
    state = twofactor.pending(request)
    if state is None or member_of(state[0]) is None:
        messages.info(request, _("Your sign-in timed out. Start again."))
        return redirect("firms:login")
    user, next_url = state
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 400 if form.is_bound else 200
    if form.is_bound and form.is_valid():
        until = signin.locked_until(request, user.email)
        if until is None:
            found = twofactor.verify(user, form.cleaned_data["code"])
            if found is not None:
                return _code_accepted(request, user, next_url, *found)
            until = signin.count_failure(request, user.email)
        if until is None:
            form.add_error("code", _("This code is not right. Type the code your app shows now."))
        else:
            form.add_error(None, signin.locked_message(request, until))
            status = settings.AXES_HTTP_RESPONSE_CODE
    return render(request, "firms/sign_in_code.html", {"form": form}, status=status)


def _code_accepted(request, user, next_url, device, recovery):
    login(request, user, backend=BACKEND)
    twofactor.verified(request, device)
    if recovery:
        left = twofactor.recovery_codes_left(user)
        messages.warning(
            request,
            ngettext(
                "You signed in with a recovery code: %(count)d is left. Make new ones on the "
                "Two-step verification page.",
                "You signed in with a recovery code: %(count)d are left. Make new ones on the "
                "Two-step verification page.",
                left,
            )
            % {"count": left},
        )
    target = next_url or resolve_url(settings.LOGIN_REDIRECT_URL)
    return _signed_in(request, user.member, redirect(target))


class SignOutView(auth_views.LogoutView):
    pass


class ThrottledReset:
    """A password-reset page that sends at most `settings.PASSWORD_RESET_REQUESTS` links per
    address and per IP address within the sign-in window; past that it says when to try again
    and sends nothing, whether or not the address belongs to anyone."""

    portal = False

    def form_valid(self, form):
        until = actions.allow_reset_request(
            email=form.cleaned_data["email"], ip=signin.client_ip(self.request)
        )
        if until is None:
            return super().form_valid(form)
        form.add_error(None, signin.reset_paused_message(until, portal=self.portal))
        response = self.form_invalid(form)
        response.status_code = settings.AXES_HTTP_RESPONSE_CODE
        return response


class ResetView(ThrottledReset, auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm
    template_name = "firms/password_reset.html"
    success_url = reverse_lazy("firms:password_reset_done")


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "firms/password_reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    """A reset link acts without signing in: it works only while its user is an active member
    (the rule its email was sent under, StaffPasswordResetForm)."""

    template_name = "firms/password_reset_confirm.html"
    success_url = reverse_lazy("firms:password_reset_complete")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active and member_of(user) else None


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "firms/password_reset_complete.html"


@require_POST
def set_language(request):
    """The language switch: the member's setting when signed in, a cookie for everyone."""
    form = LanguageForm(request.POST)
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = resolve_url("home")
    response = HttpResponseRedirect(target)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.member:
            request.member.language = language
            request.member.save(update_fields=["language"])
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    return response


# --- The member's own second factor -----------------------------------------------------------


def _two_factor_page(request, *, setup_form=None, disable_form=None, status=200):
    user = request.user
    device = twofactor.totp_device(user)
    context = {"section": "two_factor", "device": device}
    if device is None:
        key = request.session.setdefault(twofactor.SETUP_KEY, twofactor.new_key())
        context |= {
            "qr_svg": twofactor.qr_svg(user, key),
            "secret": twofactor.secret_text(key),
            "setup_form": setup_form or SetupForm(),
        }
    else:
        context |= {
            "new_codes": request.session.pop(twofactor.NEW_CODES, None),
            "codes_left": twofactor.recovery_codes_left(user),
            "disable_form": disable_form or DisableForm(),
        }
    return render(request, "firms/two_factor.html", context, status=status)


@member_required
def two_factor(request):
    """Set up a second factor (F-4): scan the QR code, confirm with the first code; then see the
    ten recovery codes once. Once set up: renew the codes, or turn it off."""
    if request.method != "POST" or twofactor.totp_device(request.user) is not None:
        return _two_factor_page(request)
    form = SetupForm(request.POST)
    key = request.session.get(twofactor.SETUP_KEY)
    step = twofactor.setup_step(key, form.data.get("code", "")) if key else None
    if not form.is_valid() or step is None:
        form.add_error("code", _("This code is not right. Type the code your app shows now."))
        return _two_factor_page(request, setup_form=form, status=400)
    device, codes = actions.enrol_two_factor(
        member=request.member, key=key, step=step[0], drift=step[1]
    )
    twofactor.verified(request, device)
    request.session.pop(twofactor.SETUP_KEY)
    request.session[twofactor.NEW_CODES] = codes
    messages.success(request, _("Two-step verification is on."))
    return redirect("firms:two_factor")


@member_required
@require_POST
def renew_recovery_codes(request):
    if twofactor.totp_device(request.user) is None:
        raise Http404
    request.session[twofactor.NEW_CODES] = actions.renew_recovery_codes(member=request.member)
    messages.success(request, _("Your new recovery codes are below. The old ones no longer work."))
    return redirect("firms:two_factor")


@member_required
@require_POST
def disable_two_factor(request):
    """Turn the second factor off, with the password or a code; throttled like sign-in."""
    user = request.user
    if twofactor.totp_device(user) is None:
        raise Http404
    form = DisableForm(request.POST)
    if not form.is_valid():
        return _two_factor_page(request, disable_form=form, status=400)
    secret = form.cleaned_data["secret"]
    until = signin.locked_until(request, user.email)
    if until is None:
        if user.check_password(secret) or twofactor.verify(user, secret) is not None:
            actions.disable_two_factor(member=request.member)
            request.session.pop(twofactor.VERIFIED, None)
            messages.success(request, _("Two-step verification is off."))
            return redirect("firms:two_factor")
        until = signin.count_failure(request, user.email)
    if until is None:
        form.add_error("secret", _("This is neither your password nor a current code."))
        return _two_factor_page(request, disable_form=form, status=400)
    form.add_error(None, signin.locked_message(request, until))
    return _two_factor_page(request, disable_form=form, status=settings.AXES_HTTP_RESPONSE_CODE)


# --- The firm's sign-in security (owners and admins) ------------------------------------------


@member_required
def security(request):
    """Require a second factor of all staff, and see who has set one up (F-4)."""
    member = request.member
    if not rights.has(member, rights.Right.MANAGE_FIRM):
        raise Http404
    initial = {"require_two_factor": member.firm.require_two_factor}
    data = request.POST if request.method == "POST" else None
    form = RequireTwoFactorForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        required = form.cleaned_data["require_two_factor"]
        actions.set_two_factor_required(member=member, required=required)
        messages.success(request, _("The sign-in security settings are saved."))
        return redirect("firms:security")
    staff = list(queries.staff_security(member))
    for other in staff:
        other.can_reset = other.two_factor_since and actions.may_reset(member, other)
    context = {"section": "security", "form": form, "staff": staff}
    return render(request, "firms/security.html", context, status=400 if form.errors else 200)


@member_required
@require_POST
def reset_two_factor(request, pk):
    """Remove a member's second factor (a lost phone): they must set it up again."""
    target = get_for_member(queries.staff_security, request.member, pk=pk)
    if not actions.may_reset(request.member, target):
        raise Http404
    actions.reset_two_factor(member=request.member, target=target)
    messages.success(
        request,
        _(
            "The two-step verification of %(name)s is reset: their app and recovery codes no "
            "longer work."
        )
        % {"name": target.user},
    )
    return redirect("firms:security")

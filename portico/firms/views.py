from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from portico.core.history import record
from portico.core.models import HistoryEvent
from portico.firms.forms import LanguageForm, SignInForm, StaffPasswordResetForm


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "firms/sign_in.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        member = form.get_user().member
        record(actor=member.user, firm=member.firm, verb=HistoryEvent.Verb.SIGNED_IN)
        if member.language:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, member.language)
        return response


class SignOutView(auth_views.LogoutView):
    pass


class ResetView(auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm
    template_name = "firms/password_reset.html"
    success_url = reverse_lazy("firms:password_reset_done")


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "firms/password_reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "firms/password_reset_confirm.html"
    success_url = reverse_lazy("firms:password_reset_complete")


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

"""The client portal (A-6, A-7, F-5): its own sign-in, activation of an invitation, the account
pages, documents, the client's settings, and links that work without signing in (A-8)."""

from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portico.clients.queries import contact_rows
from portico.documents import actions as document_actions
from portico.documents import queries as document_queries
from portico.documents.forms import UploadForm
from portico.documents.views import file_response
from portico.firms.settings_views import logo_response
from portico.firms.views import ThrottledReset
from portico.portal import access, actions, queries
from portico.portal.access import portal_account, portal_required
from portico.portal.forms import (
    ClientLanguageForm,
    NewPasswordForm,
    NotificationPrefsForm,
    PortalPasswordResetForm,
    PortalSignInForm,
)
from portico.portal.models import NotificationEvent

BACKEND = "portico.firms.backends.EmailBackend"
REFUSALS = {
    "invalid": gettext_lazy("This link is not valid. Check that you copied all of it."),
    "accepted": gettext_lazy(
        "This invitation has already been used. Sign in with your email and password."
    ),
    "expired": gettext_lazy("This invitation has expired. Ask your firm to send you a new one."),
    "replaced": gettext_lazy(
        "A newer invitation was sent to you: use the link in the latest email."
    ),
    "cancelled": gettext_lazy("This invitation was cancelled. Ask your firm if you need access."),
    "switched_off": gettext_lazy(
        "Your firm has switched off your portal access. Ask them if you need it."
    ),
    "staff": gettext_lazy(
        "This address belongs to a member of the firm's staff: it cannot be used in the portal."
    ),
}
MAGIC_REFUSALS = {
    "invalid": REFUSALS["invalid"],
    "expired": gettext_lazy("This link has expired. Sign in to the portal to open the document."),
    "revoked": gettext_lazy("This link has been revoked by your firm."),
    "not_allowed": gettext_lazy(
        "This document can no longer be opened without signing in. Sign in to the portal."
    ),
    "switched_off": REFUSALS["switched_off"],
}


def _refused(request, refused, title, reasons=REFUSALS):
    """A link that does not work: why, in the contact's language when the link says who."""
    if refused.language:
        translation.activate(refused.language)
        request.LANGUAGE_CODE = refused.language
    reason = refused.reason
    context = {"title": title, "message": reasons[reason], "reason": reason}
    return render(
        request, "portal/refused.html", context, status=404 if reason == "invalid" else 410
    )


def _signed_in(request, user, response):
    actions.record_sign_in(user, queries.client_accounts(user))
    identity = queries.identities(user).first()
    response.set_cookie(django_settings.LANGUAGE_COOKIE_NAME, identity.email.contact.language)
    return response


# --- Sign-in, sign-out, password reset --------------------------------------------------------


class SignInView(auth_views.LoginView):
    form_class = PortalSignInForm
    template_name = "portal/sign_in.html"

    def get_default_redirect_url(self):
        return reverse("portal:home")

    def form_valid(self, form):
        return _signed_in(self.request, form.get_user(), super().form_valid(form))


class SignOutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal:sign_in")


class ResetView(ThrottledReset, auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm
    portal = True
    template_name = "portal/password_reset.html"
    success_url = reverse_lazy("portal:password_reset_done")


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "portal/password_reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    """A reset link acts without signing in: it works only while its user still has portal
    access (queries.has_any_access); otherwise the page says the link is not valid."""

    template_name = "portal/password_reset_confirm.html"
    success_url = reverse_lazy("portal:password_reset_complete")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and queries.has_any_access(user) else None


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "portal/password_reset_complete.html"


# --- Activation (A-2) -------------------------------------------------------------------------


def activate(request, token):
    """The invitation's link: choose a password, and land in the portal signed in."""
    title = gettext_lazy("Activate your portal access")
    try:
        invitation = actions.check_invitation(token)
    except actions.LinkRefused as refused:
        return _activation_refused(request, refused, title)
    translation.activate(invitation.email.contact.language)
    request.LANGUAGE_CODE = invitation.email.contact.language
    form = NewPasswordForm(request.POST or None, email=invitation.email.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.accept(token=token, password=form.cleaned_data["password1"])
        except actions.LinkRefused as refused:
            return _activation_refused(request, refused, title)
        login(request, user, backend=BACKEND)
        messages.success(request, _("Welcome! Your portal access is active."))
        response = redirect("portal:account", pk=invitation.account_id)
        return _signed_in(request, user, response)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "invitation": invitation, "title": title}
    return render(request, "portal/activate.html", context, status=status)


def _activation_refused(request, refused, title):
    """A second click on Activate (or a second tab) finds the access active: off to sign in,
    saying so; any other refusal is explained on its own page."""
    if request.method != "POST" or refused.reason != "accepted":
        return _refused(request, refused, title)
    if refused.language:
        translation.activate(refused.language)
    messages.info(request, str(REFUSALS["accepted"]))
    return redirect("portal:sign_in")


# --- The portal's pages -----------------------------------------------------------------------


def _page(request, template, account, context=None, status=200):
    accounts = list(request.portal.accounts.order_by("name_key", "pk"))
    context = {
        "account": account,
        "accounts": accounts,
        "viewer": request.portal,
        **(context or {}),
    }
    return render(request, template, context, status=status)


@portal_required
def home(request):
    account = access.first_account(request)
    if account is None:
        return _page(request, "portal/no_access.html", None)
    return redirect("portal:account", pk=account.pk)


@portal_required
def account(request, pk):
    """The account's basics (A-7): name, type, address, its people, its latest documents."""
    current = portal_account(request, pk)
    context = {
        "contacts": contact_rows(current),
        "latest": document_queries.shared_documents(current)[:5],
        "tab": "account",
    }
    return _page(request, "portal/account.html", current, context)


@portal_required
def documents(request, pk):
    """Documents shared with the client, and the upload form (A-7, W-1)."""
    current = portal_account(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not request.portal.may_write(account=current):
            raise Http404
        if form.is_valid():
            document = document_actions.upload_by_client(
                user=request.portal.user,
                account=current,
                upload=form.cleaned_data["file"],
                content_type=form.content_type,
            )
            messages.success(request, _("%(name)s is uploaded.") % {"name": document.name})
            return redirect("portal:documents", pk=current.pk)
        status = 400
    else:
        status = 200
    context = {
        "documents": document_queries.shared_documents(current).select_related(
            "uploaded_by_member__user", "uploaded_by_client"
        ),
        "form": form,
        "tab": "documents",
    }
    return _page(request, "portal/documents.html", current, context, status)


@portal_required
def firm_logo(request, pk):
    """The logo of the firm of one of the viewer's accounts, for the portal's header."""
    return logo_response(portal_account(request, pk).firm)


@portal_required
def download(request, pk, document_pk):
    current = portal_account(request, pk)
    document = get_object_or_404(document_queries.shared_documents(current), pk=document_pk)
    return file_response(document)


# --- The client's settings (A-7, A-9) ---------------------------------------------------------


def _settings_page(request, status=200, **forms):
    viewer = request.portal
    identities = list(viewer.identities())
    prefs = forms.get("prefs_form")
    context = {
        "language_form": forms.get("language_form")
        or ClientLanguageForm(initial={"language": viewer.language}),
        "password_form": forms.get("password_form") or PasswordChangeForm(viewer.user),
        "prefs_forms": [
            (
                identity.email,
                prefs
                if prefs and prefs.email_pk == identity.email.pk
                else _prefs_form(identity.email),
            )
            for identity in identities
        ],
        "tab": "settings",
    }
    return _page(request, "portal/settings.html", access.first_account(request), context, status)


def _prefs_form(email, data=None):
    muted = queries.muted_events(email)
    initial = {"events": [v for v, _ in NotificationEvent.choices if v not in muted]}
    form = NotificationPrefsForm(data, initial=initial, prefix=f"email-{email.pk}")
    form.email_pk = email.pk
    return form


@portal_required
def client_settings(request):
    return _settings_page(request)


@portal_required
@require_POST
def change_language(request):
    form = ClientLanguageForm(request.POST)
    if not form.is_valid() or request.portal.preview:
        return _settings_page(request, status=400, language_form=form)
    language = form.cleaned_data["language"]
    actions.set_client_language(user=request.portal.user, language=language)
    translation.activate(language)
    messages.success(request, _("Your language is saved."))
    response = redirect("portal:settings")
    response.set_cookie(django_settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    return response


@portal_required
@require_POST
def change_password(request):
    form = PasswordChangeForm(request.portal.user, request.POST)
    if request.portal.preview or not form.is_valid():
        return _settings_page(request, status=400, password_form=form)
    form.save()
    update_session_auth_hash(request, form.user)
    messages.success(request, _("Your password is changed."))
    return redirect("portal:settings")


@portal_required
@require_POST
def change_notifications(request, email_pk):
    identity = get_object_or_404(request.portal.identities(), email_id=email_pk)
    if not request.portal.may_write(email=identity.email):
        raise Http404
    form = _prefs_form(identity.email, request.POST)
    if not form.is_valid():
        return _settings_page(request, status=400, prefs_form=form)
    actions.set_muted_events(actor=request.portal.user, email=identity.email, muted=form.muted())
    messages.success(request, _("Your notification preferences are saved."))
    return redirect("portal:settings")


@require_POST
def exit_preview(request):
    return access.exit_preview(request)


# --- Links without sign-in (A-8) --------------------------------------------------------------


def magic(request, token):
    """A shared document opened from an email link, without signing in."""
    try:
        link = actions.check_magic_link(token)
    except actions.LinkRefused as refused:
        return _refused(request, refused, gettext_lazy("Open a document"), MAGIC_REFUSALS)
    translation.activate(link.email.contact.language)
    return render(request, "portal/magic_document.html", {"link": link, "token": token})


def magic_download(request, token):
    try:
        link = actions.check_magic_link(token)
    except actions.LinkRefused as refused:
        return _refused(request, refused, gettext_lazy("Open a document"), MAGIC_REFUSALS)
    actions.used_magic_link(link)
    return file_response(link.document)

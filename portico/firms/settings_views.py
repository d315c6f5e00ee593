"""The firm's settings area (owners and admins: F-6, F-2) and a member's own profile.

Pages: Firm (name, logo, time zone, currency, language, tax id, address), Team (staff, their
roles and rights, invitations, deactivation), the invitation's Join page (no sign-in), and My
profile (name, email, language, password, sessions)."""

import zoneinfo
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portico.core import rights
from portico.core.locking import AlreadyDone
from portico.core.tenancy import get_for_member, member_of, member_required
from portico.firms import actions, activity_html, queries
from portico.firms.forms import (
    ActivityFilterForm,
    EmailFilterForm,
    FirmSettingsForm,
    InviteStaffForm,
    JoinForm,
    MemberRightsForm,
    ProfileForm,
)
from portico.messaging import actions as messaging_actions

BACKEND = "portico.firms.backends.EmailBackend"


def _manager(request):
    """The member asking, when they may manage the firm; 404 otherwise."""
    if not rights.has(request.member, rights.Right.MANAGE_FIRM):
        raise Http404
    return request.member


# --- Firm -------------------------------------------------------------------------------------


@member_required
def firm_settings(request):
    """The firm's name, logo, time zone, currency, default language, tax id and address."""
    member = _manager(request)
    firm = member.firm
    initial = {field: getattr(firm, field) for field in actions.FIRM_SETTINGS}
    form = FirmSettingsForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in actions.FIRM_SETTINGS}
        actions.update_firm_settings(
            member=member,
            values=values,
            logo=form.cleaned_data["logo"],
            remove_logo=form.cleaned_data["remove_logo"],
        )
        messages.success(request, _("The firm settings are saved."))
        return redirect("firms:firm_settings")
    status = 400 if form.errors else 200
    context = {"section": "settings", "page": "firm", "form": form}
    return render(request, "firms/settings_firm.html", context, status=status)


def logo_response(firm):
    """The download of `firm`'s logo (WebP, as core/images.py stored it), kept an hour by the
    browser only; 404 when the firm has none."""
    if not firm.logo:
        raise Http404
    try:
        file = firm.logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(file, content_type="image/webp")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@member_required
def firm_logo(request):
    """The firm's logo, for its members (no public media URL)."""
    return logo_response(request.member.firm)


# --- Team -------------------------------------------------------------------------------------


def _team_page(request, *, invite_form=None, status=200):
    member = request.member
    staff = list(queries.staff(member))
    for other in staff:
        other.rights_form = MemberRightsForm(
            initial={
                "role": other.role,
                "can_see_all_accounts": other.can_see_all_accounts,
                "can_manage_accounts": other.can_manage_accounts,
                "can_manage_billing": other.can_manage_billing,
            },
            prefix=f"m{other.pk}",
        )
    context = {
        "section": "settings",
        "page": "team",
        "staff": staff,
        "invitations": list(queries.staff_invitations(member)),
        "invite_form": invite_form
        or InviteStaffForm(initial={"language": member.firm.language, "role": "accountant"}),
    }
    return render(request, "firms/team.html", context, status=status)


@member_required
def team(request):
    """The staff, their roles and rights, and the pending invitations."""
    _manager(request)
    return _team_page(request)


@member_required
@require_POST
def invite(request):
    """Invite a staff member by email: role, rights, language."""
    member = _manager(request)
    form = InviteStaffForm(request.POST)
    if not form.is_valid():
        return _team_page(request, invite_form=form, status=400)
    try:
        invitation = actions.invite_staff(member=member, **form.cleaned_data)
    except actions.StaffRefused as refused:
        form.add_error("email", refused.message)
        return _team_page(request, invite_form=form, status=400)
    messages.success(
        request,
        _("An invitation is on its way to %(email)s.") % {"email": invitation.email},
    )
    return redirect("firms:team")


@member_required
@require_POST
def change_member(request, pk):
    """Change a member's role and rights."""
    member = _manager(request)
    target = get_for_member(queries.staff, member, pk=pk)
    form = MemberRightsForm(request.POST, prefix=f"m{target.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
        return redirect("firms:team")
    try:
        actions.change_member(member=member, target=target, **form.cleaned_data)
    except actions.StaffRefused as refused:
        messages.error(request, refused.message)
        return redirect("firms:team")
    messages.success(request, _("%(name)s's role and rights are saved.") % {"name": target.user})
    return redirect("firms:team")


@member_required
@require_POST
def deactivate_member(request, pk):
    """Deactivate a member: signed out everywhere, no more sign-in or email."""
    return _change_member(
        request,
        pk,
        actions.deactivate_member,
        _("%(name)s is deactivated: signed out, and gets no more email."),
    )


@member_required
@require_POST
def reactivate_member(request, pk):
    """Give a deactivated member their place back, with the role and rights they had."""
    return _change_member(
        request, pk, actions.reactivate_member, _("%(name)s is active again and may sign in.")
    )


def _change_member(request, pk, action, done):
    """Run `action` on the firm's member `pk` for an owner or admin; a refusal or a change
    already made is told, `done` (with %(name)s) once it is made."""
    member = _manager(request)
    target = get_for_member(queries.staff, member, pk=pk)
    try:
        action(member=member, target=target)
    except (actions.StaffRefused, AlreadyDone) as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done % {"name": target.user})
    return redirect("firms:team")


@member_required
@require_POST
def cancel_invitation(request, pk):
    member = _manager(request)
    invitation = get_for_member(queries.staff_invitations, member, pk=pk)
    try:
        actions.cancel_staff_invitation(member=member, invitation=invitation)
    except AlreadyDone as done:
        messages.info(request, done.message)
        return redirect("firms:team")
    messages.success(
        request, _("The invitation to %(email)s is cancelled.") % {"email": invitation.email}
    )
    return redirect("firms:team")


def join(request, token):
    """The staff invitation's link: choose a name and password, and land signed in."""
    try:
        invitation = actions.check_staff_invitation(token)
    except actions.StaffRefused as refused:
        return render(request, "firms/join_refused.html", {"reason": refused.message}, status=410)
    if request.user.is_authenticated and member_of(request.user):
        messages.info(request, _("Sign out first to accept an invitation for another address."))
        return redirect("home")
    translation.activate(invitation.language)
    request.LANGUAGE_CODE = invitation.language
    form = JoinForm(invitation, request.POST or None, initial={"full_name": invitation.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.accept_staff_invitation(
                token=token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["new_password1"],
            )
        except actions.StaffRefused as refused:
            context = {"reason": refused.message}
            return render(request, "firms/join_refused.html", context, status=410)
        login(request, user, backend=BACKEND)
        messages.success(request, _("Welcome to %(firm)s!") % {"firm": invitation.firm.name})
        return redirect("home")
    status = 400 if form.errors else 200
    context = {"form": form, "invitation": invitation}
    return render(request, "firms/join.html", context, status=status)


# --- My profile -------------------------------------------------------------------------------


def _profile_page(request, *, profile_form=None, password_form=None, status=200):
    member = request.member
    user = request.user
    context = {
        "section": "profile",
        "profile_form": profile_form
        or ProfileForm(
            initial={
                "full_name": user.full_name,
                "email": user.email,
                "language": member.language or member.firm.language,
            }
        ),
        "password_form": password_form or PasswordChangeForm(user),
        "sessions": list(queries.own_sessions(member)),
        "current_session": request.session.session_key,
    }
    return render(request, "firms/profile.html", context, status=status)


@member_required
def profile(request):
    """The member's name, sign-in email and language; their password; their sessions."""
    if request.method != "POST":
        return _profile_page(request)
    form = ProfileForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, profile_form=form, status=400)
    try:
        actions.update_profile(member=request.member, **form.cleaned_data)
    except actions.StaffRefused as refused:
        form.add_error("email", refused.message)
        return _profile_page(request, profile_form=form, status=400)
    # Said in the language just chosen: the next page is in it (the cookie below).
    with translation.override(form.cleaned_data["language"]):
        messages.success(request, _("Your profile is saved."))
    response = redirect("firms:profile")
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, form.cleaned_data["language"], samesite="Lax"
    )
    return response


@member_required
@require_POST
def change_password(request):
    form = PasswordChangeForm(request.user, request.POST)
    if not form.is_valid():
        return _profile_page(request, password_form=form, status=400)
    actions.change_password(
        member=request.member,
        password=form.cleaned_data["new_password1"],
        keep_session=request.session.session_key,
    )
    update_session_auth_hash(request, request.user)
    messages.success(request, _("Your password is changed; your other sessions are signed out."))
    return redirect("firms:profile")


@member_required
@require_POST
def sign_out_everywhere(request):
    ended = actions.sign_out_everywhere(
        member=request.member, keep_session=request.session.session_key
    )
    messages.success(
        request,
        ngettext(
            "%(count)d other session is signed out.",
            "%(count)d other sessions are signed out.",
            ended,
        )
        % {"count": ended},
    )
    return redirect("firms:profile")


# --- Activity feed and email log (W-6) --------------------------------------------------


def _day_start(day, time_zone):
    return datetime.combine(day, time.min, tzinfo=zoneinfo.ZoneInfo(time_zone))


@member_required
def activity(request):
    """The firm's activity: sign-ins (address, browser), failed sign-ins, imports and exports,
    role and rights changes, invitations, every History event; by member, kind and date."""
    member = _manager(request)
    staff = list(queries.staff(member))
    form = ActivityFilterForm(request.GET or None, members=staff)
    filters = form.cleaned_data if form.is_valid() else {}
    zone = member.firm.time_zone
    since, until = filters.get("since"), filters.get("until")
    rows = queries.activity(
        member,
        actor=filters.get("member"),
        kind=filters.get("kind") or None,
        since=_day_start(since, zone) if since else None,
        until=_day_start(until + timedelta(days=1), zone) if until else None,
        after=request.GET.get("after"),
    )
    events, next_cursor = queries.page_of(rows, request.GET.get("after"))
    context = {
        "section": "settings",
        "page": "activity",
        "form": form,
        "events": events,
        "rows": activity_html.render(events, time_zone=zone),
        "next_cursor": next_cursor,
    }
    return render(request, "firms/activity.html", context, status=400 if form.errors else 200)


@member_required
def email_log(request):
    """Every email the firm's Portico sent or tried to: to whom, what, its state, when, and
    why it failed, with "Retry now" for failed ones."""
    member = _manager(request)
    form = EmailFilterForm(request.GET or None)
    status = form.cleaned_data.get("status") if form.is_valid() else None
    rows = queries.email_log(member, status=status or None)
    emails, next_cursor = queries.page_of(rows, request.GET.get("after"))
    context = {
        "section": "settings",
        "page": "emails",
        "form": form,
        "emails": emails,
        "next_cursor": next_cursor,
    }
    return render(request, "firms/email_log.html", context)


@member_required
@require_POST
def retry_email(request, pk):
    member = _manager(request)
    log = get_for_member(queries.email_log, member, pk=pk)
    try:
        messaging_actions.retry_now(log=log)
    except AlreadyDone as done:
        messages.info(request, done.message)
    else:
        messages.success(request, _("The email to %(to)s is on its way again.") % {"to": log.to})
    return redirect("firms:email_log")

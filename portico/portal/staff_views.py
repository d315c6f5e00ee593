"""The firm's side of portal access: bulk Edit login, notify, email sync (A-4), the Pending
activation tab (C-10), per-email actions of the profile (P-7), the portal settings (A-8) and
the test client (A-11)."""

import copy
from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portico.clients import actions as client_actions
from portico.clients import queries as client_queries
from portico.core import confirm, paging, rights
from portico.core.locking import AlreadyDone
from portico.core.numbers import format_number
from portico.core.rights import Right
from portico.core.tenancy import get_for_member, member_required
from portico.messaging import delivery
from portico.portal import actions, bulk, queries
from portico.portal.access import PREVIEW
from portico.portal.forms import (
    AccessBulkForm,
    InviteForm,
    NotificationPrefsForm,
    PendingActionForm,
    PortalSettingsForm,
)
from portico.portal.models import InvitationBatch, NotificationEvent

# --- Clients page: More actions → Edit login, notify, email sync (A-4) -----------------------


def bulk_access(request, accounts, back):
    """Called by the Clients page's bulk view with the selected accounts it resolved."""
    form = AccessBulkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(back)
    outcome = bulk.edit_access(
        member=request.member,
        accounts=accounts,
        switches=form.switches(),
        invite=form.cleaned_data["invite"],
        message=form.cleaned_data["message"],
        shown_at=form.cleaned_data["shown_at"],
    )
    messages.success(
        request,
        ngettext(
            "Switches changed for %(count)d contact email.",
            "Switches changed for %(count)d contact emails.",
            outcome.changed,
        )
        % {"count": outcome.changed},
    )
    _warn_left_out(request, outcome.left_out)
    if outcome.already:
        messages.info(request, _invited_already(outcome.already))
    if outcome.batch is None:
        return redirect(back)
    return redirect(reverse("access:batch", args=[outcome.batch.pk]) + f"?back={back}")


def _warn_left_out(request, reasons):
    """Tell which addresses were not invited and why (`reasons`: how many per reason)."""
    if count := reasons["staff"]:
        messages.warning(
            request,
            ngettext(
                "%(count)d address belongs to your staff and was not invited.",
                "%(count)d addresses belong to your staff and were not invited.",
                count,
            )
            % {"count": count},
        )
    if count := reasons["inactive"]:
        messages.warning(
            request,
            ngettext(
                "%(count)d address belongs to a deactivated user and was not invited.",
                "%(count)d addresses belong to deactivated users and were not invited.",
                count,
            )
            % {"count": count},
        )


def _invited_already(count):
    return ngettext(
        "%(count)d email was invited after this page was shown: it is not invited twice.",
        "%(count)d emails were invited after this page was shown: they are not invited twice.",
        count,
    ) % {"count": count}


@member_required
def batch(request, pk):
    """How many invitations of a bulk send have gone out (the progress indicator of A-4)."""
    if not rights.has(request.member, Right.MANAGE_ACCOUNTS):
        raise Http404
    sent = get_object_or_404(InvitationBatch, pk=pk, firm=request.member.firm)
    invitations = sent.invitations.all()
    context = {
        "section": "clients",
        "batch": sent,
        "logged": invitations.exclude(status="queued").count(),
        "delivered": invitations.filter(email_log__status="sent").count(),
        "back": _safe_back(request.GET.get("back", "")),
    }
    context |= _batch_failures(invitations)
    template = "portal/staff/batch.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, context)


def _batch_failures(invitations):
    """How many of a batch's emails the SMTP server has not taken, and why and when they are
    tried again, told by the latest failure (messaging/delivery.py): a server that is down is
    said so, never counted as sent nor as bad addresses."""
    failed = invitations.filter(email_log__status__in=["failed", "withheld"])
    latest = (
        failed.order_by("-email_log__created_at")
        .values("email_log__status", "email_log__last_error", "email_log__attempts")
        .annotate(logged_at=F("email_log__created_at"))
        .first()
    )
    if latest is None:
        return {"failed": 0, "failure": None}
    failure = delivery.failure(
        status=latest["email_log__status"],
        last_error=latest["email_log__last_error"],
        created_at=latest["logged_at"],
        attempts=latest["email_log__attempts"],
        now=timezone.now(),
    )
    return {"failed": failed.count(), "failure": failure}


def _safe_back(back):
    path = reverse("clients:list")
    return back if back.startswith(path) else path


# --- Clients page: the Pending activation tab (C-10) ------------------------------------------


def pending_context(request, member, count):
    """What the Clients page's Pending activation tab shows; `count` is the tab's count, which
    the tab counts query has already read (the firm's tally for those who see every account)."""
    sort = "-sent" if request.GET.get("sort") == "-sent" else "sent"
    order = queries.pending_order(member, sort)
    paginator = paging.CountedPaginator(order, 50, count, queries.pending_rows(member).in_bulk)
    page = paginator.get_page(request.GET.get("page"))
    now = timezone.now()
    for row in page:
        row.accounts = sorted((s.link.account for s in row.login_on), key=lambda a: a.name_key)
        row.failure = delivery.failure(
            status=row.delivery,
            last_error=row.delivery_error,
            created_at=row.delivery_logged_at,
            attempts=row.delivery_attempts,
            now=now,
        )
        row.state = _delivery_state(row, now)
        # a red mark only for what is wrong with the address: not for a mail server that is down
        row.invalid = (row.failure and row.failure.bad_address) or not _valid_address(row.email)
    return {
        "pending_page": page,
        "pending_sort": sort,
        # Send for what was never sent, Resend for what was: each offered where it applies
        "pending_unsent": any(row.state == "not_sent" for row in page),
        "pending_sent": any(row.state != "not_sent" for row in page),
    }


def _delivery_state(row, now):
    """not_sent, queued, sent, failed or expired: what the Delivery column says (C-10); a
    failed row's `failure` says why and when it is tried again."""
    if row.invitation_status is None:
        return "not_sent"
    if row.failure:
        return "failed"
    if row.invitation_status == "queued" or row.delivery in (None, "queued", "sending"):
        return "queued"
    if row.expires_at and row.expires_at < now:
        return "expired"
    return row.delivery


def _valid_address(address):
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


@member_required
@require_POST
@confirm.confirmable
def pending_action(request):
    """Send invitations to selected (those never sent one), Resend to selected (every selected
    email), or Cancel invitations for selected once confirmed (the confirmation names how many
    live invitations it cancels)."""
    member = request.member
    if not rights.has(member, Right.MANAGE_ACCOUNTS):
        raise Http404
    form = PendingActionForm(request.POST)
    back = f"{reverse('clients:list')}?tab=pending"
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(back)
    ids = form.cleaned_data["emails"]
    if form.cleaned_data["action"] == "cancel":
        emails = list(queries.pending_emails(member).filter(pk__in=ids).select_related("contact"))
        live = queries.live_invitation_count(emails)
        if live and not confirm.confirmed(request):
            question = ngettext(
                "Cancel %(count)s invitation", "Cancel %(count)s invitations", live
            ) % {"count": format_number(live)}
            detail = ngettext("Its link will stop working.", "Their links will stop working.", live)
            return confirm.ask(
                request,
                title=question,
                confirm_label=question,
                detail=detail,
                back=back,
                danger=True,
            )
        count = actions.cancel(member=member, emails_=emails)
        if not count:
            messages.info(request, _("These invitations were already cancelled or used."))
            return redirect(back)
        messages.success(
            request,
            ngettext(
                "%(count)d invitation cancelled: its link no longer works.",
                "%(count)d invitations cancelled: their links no longer work.",
                count,
            )
            % {"count": count},
        )
        return redirect(back)
    # Resend to selected sends to every selected email, a first invitation to those never sent
    # one (seed 002: sort by Invitación enviada, select the empty ones, Reenviar a
    # seleccionados); Send invitations only to those never sent one.
    resending = form.cleaned_data["action"] == "resend"
    targets, other = queries.pending_targets(member, ids, sent=None if resending else False)
    if other:
        messages.warning(request, _already_invited(other))
    elif not targets:  # activated or switched off since the page was shown
        messages.info(request, _("None of the selected addresses is still waiting for activation."))
    if not targets:
        return redirect(back)
    sent, left_out, already = actions.resend(
        member=member, targets=targets, shown_at=form.cleaned_data["shown_at"]
    )
    _warn_left_out(request, Counter(left_out.values()))
    if already:
        messages.info(request, _invited_already(already))
    if sent is None:
        return redirect(back)
    return redirect(reverse("access:batch", args=[sent.pk]) + f"?back={back}")


def _already_invited(count):
    """Why some selected emails were left out of Send invitations: they have an invitation,
    which Resend to selected replaces."""
    return ngettext(
        "%(count)d selected address already has an invitation: use Resend.",
        "%(count)d selected addresses already have an invitation: use Resend.",
        count,
    ) % {"count": count}


# --- Profile: per-email actions (A-5, P-7) ----------------------------------------------------


def _email_on_account(request, pk, link_pk, email_pk):
    link = get_for_member(client_queries.editable_links, request.member, pk=link_pk, account_id=pk)
    email = get_object_or_404(client_queries.emails_of(link.contact), pk=email_pk)
    return link, email


def _to_info(account):
    return redirect("clients:info", pk=account.pk)


@member_required
def invite(request, pk, link_pk, email_pk):
    """Send invitation, with a custom message (A-5, P-7): a pop-up on the profile, or a page."""
    link, email = _email_on_account(request, pk, link_pk, email_pk)
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.invite(
                member=request.member,
                account=link.account,
                email=email,
                message=form.cleaned_data["message"],
                shown_at=form.cleaned_data["shown_at"],
            )
        except actions.AccessRefused as refused:
            messages.error(request, refused.message)
        except AlreadyDone as done:
            messages.info(request, done.message)
        else:
            messages.success(request, _("Sending the invitation to %(email)s.") % {"email": email})
        return _to_info(link.account)
    context = {"section": "clients", "account": link.account, "link": link, "email": email}
    context |= {"form": form, "tab": "info"}
    template = "portal/staff/invite.html"
    if request.htmx:
        template += "#invite-modal"
    return render(request, template, context, status=400 if form.errors else 200)


@member_required
def notifications(request, pk, link_pk, email_pk):
    """Notification preferences of one contact email (P-7)."""
    link, email = _email_on_account(request, pk, link_pk, email_pk)
    muted = queries.muted_events(email)
    initial = {"events": [v for v, _ in NotificationEvent.choices if v not in muted]}
    data = request.POST if request.method == "POST" else None
    form = NotificationPrefsForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.set_muted_events(actor=request.member.user, email=email, muted=form.muted())
        messages.success(request, _("The notification preferences are saved."))
        return _to_info(link.account)
    context = {"section": "clients", "account": link.account, "link": link, "email": email}
    context |= {"form": form, "tab": "info"}
    return render(request, "portal/staff/notifications.html", context)


@member_required
@require_POST
def signing(request, pk, link_pk, email_pk):
    """Disable (or enable again) the signing authority of one email on this account (P-7)."""
    link, email = _email_on_account(request, pk, link_pk, email_pk)
    enable = request.POST.get("value") == "on"
    client_actions.set_switches(
        member=request.member, link=link, email=email, signing_authority=enable
    )
    message = _("%(email)s can sign again.") if enable else _("%(email)s can no longer sign.")
    messages.success(request, message % {"email": email})
    return _to_info(link.account)


# --- Portal settings and the test client (A-11) -----------------------------------


@member_required
def portal_settings(request):
    member = request.member
    if not rights.has(member, Right.MANAGE_FIRM):
        raise Http404
    current = queries.settings_for(member.firm)
    form = PortalSettingsForm(request.POST or None, instance=copy.copy(current))
    if request.method == "POST" and form.is_valid():
        actions.save_settings(member=member, portal_settings=current, **form.cleaned_data)
        messages.success(request, _("The portal settings are saved."))
        return redirect("access:settings")
    context = {
        "section": "portal",
        "form": form,
        "test_account": current.test_account,
        "links": queries.magic_links(member),
        "time_zone": member.firm.time_zone,
    }
    return render(
        request, "portal/staff/settings.html", context, status=400 if form.errors else 200
    )


@member_required
@require_POST
def revoke_link(request, pk):
    link = get_for_member(queries.firm_magic_links, request.member, pk=pk)
    try:
        actions.revoke_magic_link(member=request.member, link=link)
    except AlreadyDone as done:
        messages.info(request, done.message)
    else:
        messages.success(request, _("The link no longer works."))
    return redirect("access:settings")


@member_required
def test_client(request):
    """The firm's test client (A-11). A GET changes nothing: it opens the test client's profile,
    or the portal settings (with their Create button) when there is none yet; a POST makes it,
    or makes again what is missing of it (issue 15, fault 6)."""
    if not rights.has(request.member, Right.MANAGE_FIRM):
        raise Http404
    if request.method == "POST":
        account = actions.ensure_test_client(request.member.firm)
    else:
        account = queries.test_client_account(request.member.firm)
        if account is None:
            return redirect("access:settings")
    return redirect("clients:info", pk=account.pk)


@member_required
@require_POST
def open_test_client(request, pk):
    """Open the test client's portal as that client (A-11), in this browser session."""
    account = get_for_member(client_queries.visible_accounts, request.member, pk=pk)
    if queries.test_client_account(request.member.firm) != account:
        raise Http404
    request.session[PREVIEW] = account.pk
    return redirect("portal:account", pk=account.pk)

"""A client's Emails tab (W-6): what Portico sent about the account, its state, why it failed,
and "Retry now" for members who manage the account."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portico.clients import queries
from portico.core import rights
from portico.core.locking import AlreadyDone
from portico.core.rights import Right
from portico.core.tenancy import get_for_member, member_required
from portico.firms.queries import page_of
from portico.messaging import actions as messaging_actions


@member_required
def account_emails(request, pk):
    account = get_for_member(queries.visible_accounts, request.member, pk=pk)
    emails, next_cursor = page_of(
        queries.account_emails(request.member, account), request.GET.get("after")
    )
    context = {
        "section": "clients",
        "account": account,
        "tab": "emails",
        "emails": emails,
        "next_cursor": next_cursor,
        "can_retry": rights.has(request.member, Right.MANAGE_ACCOUNTS),
    }
    return render(request, "clients/profile/emails.html", context)


@member_required
@require_POST
def retry_email(request, pk, log_pk):
    account = get_for_member(queries.editable_accounts, request.member, pk=pk)
    log = get_for_member(
        lambda member: queries.account_emails(member, account), request.member, pk=log_pk
    )
    if not rights.has(request.member, Right.MANAGE_ACCOUNTS):
        raise Http404
    try:
        messaging_actions.retry_now(log=log)
    except AlreadyDone as done:
        messages.info(request, done.message)
    else:
        messages.success(request, _("The email to %(to)s is on its way again.") % {"to": log.to})
    return redirect("clients:emails", pk=pk)

"""Staff views: the Email digest switch of a client's details (N-1) and Notify accountants
(N-5, owners and admins; everyone else gets 404)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from portico.clients.queries import visible_accounts
from portico.core.dates import long_date
from portico.core.tenancy import get_for_member, member_required
from portico.expenses import queries as expense_queries
from portico.notifications import actions, home, periods, queries
from portico.notifications.forms import DigestForm, NotifyForm


@member_required
@require_http_methods(["GET", "POST"])
def digest(request, pk):
    account = get_for_member(visible_accounts, request.member, pk=pk)
    if request.method == "GET":  # a bookmark or a link opened in a tab: the setting itself
        return redirect(reverse("clients:info", args=[account.pk]) + "#" + home.DIGEST_CARD)
    form = DigestForm(request.POST)
    if form.is_valid():
        subscription = actions.set_digest(
            member=request.member, account=account, **form.cleaned_data
        )
        if subscription:
            messages.success(
                request,
                _("You will get an email digest about %(name)s, starting on %(date)s.")
                % {
                    "name": account.name,
                    "date": long_date(
                        periods.first_sending(subscription.frequency, subscription.starts_on)
                    ),
                },
            )
        else:
            messages.info(
                request, _("No more email digests about %(name)s.") % {"name": account.name}
            )
    else:
        messages.error(request, _("Choose a frequency from the list."))
    return redirect("clients:info", pk=account.pk)


@member_required
def notify(request, pk):
    account = get_for_member(queries.notifiable_accounts, request.member, pk=pk)
    form = NotifyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                sent = actions.notify_accountants(
                    member=request.member, account=account, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Sending the email to %(count)d accountant of %(name)s.",
                        "Sending the email to %(count)d accountants of %(name)s.",
                        len(sent),
                    )
                    % {"count": len(sent), "name": account.name},
                )
                return redirect("clients:list")
        status = 400
    context = {
        "section": "clients",
        "account": account,
        "form": form,
        "summary": expense_queries.summary_of(account),
        "reminders": queries.reminders_sent(account),
        # said before anything is typed, not only when it is sent (the action refuses too)
        "nobody": ""
        if queries.teammates_to_notify(request.member, account).exists()
        else str(actions.NOBODY),
    }
    return render(request, "notifications/notify.html", context, status=status)

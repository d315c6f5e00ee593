from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portico.clients import listing, page_actions, queries, row_html
from portico.clients.forms import PAGE_SIZES, BulkForm, ClientFilterForm
from portico.core import confirm, rights
from portico.core.locking import AlreadyDone
from portico.core.numbers import format_number
from portico.core.registry import WorkspaceSection, registry
from portico.core.rights import Right
from portico.core.tenancy import get_for_member, member_required
from portico.firms.models import display_name
from portico.portal import staff_views as access_views


def _choices(member):
    """The firm's tags and members as (id, label) choices, read once for the filters and the
    bulk actions."""
    members = queries.firm_members(member).order_by("user__full_name", "user__email")
    members = members.values_list("pk", "user__full_name", "user__email")
    return {
        "tags": list(queries.firm_tags(member).values_list("pk", "name")),
        "members": [(pk, display_name(name, email)) for pk, name, email in members],
    }


def _filter_form(member, data, counts, choices):
    tabs = listing.shown_tabs(member, counts)
    return ClientFilterForm(data, tabs=tabs, member=member, **choices)


@member_required
def client_list(request):
    member = request.member
    counts, choices = listing.tab_counts(member), _choices(member)
    form = _filter_form(member, request.GET, counts, choices)
    filters = form.filters()
    context = {
        "section": "clients",
        "form": form,
        "filters": filters,
        "extra_filters": form.extra_controls(filters),
        "counts": counts,
        "tabs": form.tabs,
        "query": request.GET.urlencode(),
        "page_sizes": PAGE_SIZES,
        "page_size": form.page_size(),
        # "Sort by name" and the Name column go A–Z, then Z–A, then A–Z again (one `sort=`)
        "next_name_sort": "-name" if filters.sort == "name" else "name",
        "count_limit": listing.COUNT_LIMIT,
    }
    if filters.tab == "invitations":
        context["requests"] = listing.pending_requests(member)
    elif filters.tab == "pending":
        context |= access_views.pending_context(request, member, counts["pending"])
    else:
        tab_count = None if filters.searching else counts[filters.tab]
        paginator = listing.RowPaginator(member, filters, form.page_size(), count=tab_count)
        context["page"] = paginator.get_page(request.GET.get("page"))
        context["columns"] = listing.shown_columns(member, context["page"])
        context["rows_html"] = row_html.render(
            context["page"],
            selectable=rights.has(member, Right.MANAGE_ACCOUNTS),
            notify=rights.has(member, Right.MANAGE_FIRM),
            onboarding=filters.tab == "onboarding",
            columns=context["columns"],
        )
        context["bulk_form"] = BulkForm(None, **choices)
    template = "clients/list.html"
    if request.htmx and request.htmx.target == "client-results":
        template += "#results"
    return render(request, template, context)


@member_required
@require_POST
@confirm.confirmable
def bulk(request):
    """More actions (C-8) on the ticked rows, or on every row the saved query matches; the
    latter once confirmed, the confirmation naming the count (core/confirm.py)."""
    member = request.member
    if not rights.has(member, Right.MANAGE_ACCOUNTS):
        raise Http404
    query = QueryDict(request.POST.get("query", ""))
    choices = _choices(member)
    form = BulkForm(request.POST, **choices)
    back = f"{reverse('clients:list')}?{query.urlencode()}"
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, error[0])
        return redirect(back)
    accounts = _bulk_targets(member, form.cleaned_data, query, choices)
    if form.cleaned_data["all_matching"] and not confirm.confirmed(request):
        return _confirm_bulk(request, form.cleaned_data, accounts.count(), choices, back)
    if form.cleaned_data["action"] == "edit_access":
        return access_views.bulk_access(request, accounts, back)
    changed = _apply_bulk(member, form.cleaned_data, accounts)
    messages.success(
        request,
        ngettext("%(count)d client changed.", "%(count)d clients changed.", changed)
        % {"count": changed},
    )
    return redirect(back)


def _bulk_question(data, count, choices) -> str:
    """What a bulk action on `count` clients will do, in words ("Add Luc to 205 clients")."""
    action = data["action"]
    if action.endswith("_tag"):
        tag = dict(choices["tags"]).get(data["tag"], "")
        if action == "add_tag":
            text = ngettext(
                "Add the tag %(tag)s to %(count)s client",
                "Add the tag %(tag)s to %(count)s clients",
                count,
            )
        else:
            text = ngettext(
                "Remove the tag %(tag)s from %(count)s client",
                "Remove the tag %(tag)s from %(count)s clients",
                count,
            )
        return text % {"tag": tag, "count": format_number(count)}
    if action.endswith("_member"):
        name = dict(choices["members"]).get(data["member"], "")
        if action == "add_member":
            text = ngettext(
                "Add %(name)s to %(count)s client", "Add %(name)s to %(count)s clients", count
            )
        else:
            text = ngettext(
                "Remove %(name)s from %(count)s client",
                "Remove %(name)s from %(count)s clients",
                count,
            )
        return text % {"name": name, "count": format_number(count)}
    return ngettext(
        "Change login, notify and email sync for the contacts of %(count)s client",
        "Change login, notify and email sync for the contacts of %(count)s clients",
        count,
    ) % {"count": format_number(count)}


def _confirm_bulk(request, data, count, choices, back):
    if not count:
        messages.info(request, _("No client matches these filters any more."))
        return redirect(back)
    question = _bulk_question(data, count, choices)
    return confirm.ask(request, title=question, confirm_label=question, back=back)


def _bulk_targets(member, data, query, choices):
    editable = queries.editable_accounts(member)
    if data["all_matching"]:
        counts = listing.tab_counts(member)
        filters = _filter_form(member, query, counts, choices).filters()
        matching = listing.filtered_accounts(member, filters).values("pk")
        return editable.filter(pk__in=matching)
    return editable.filter(pk__in=data["ids"])


def _apply_bulk(member, data, accounts):
    action = data["action"]
    if action.endswith("_tag"):
        tag = get_for_member(queries.firm_tags, member, pk=data["tag"])
        return page_actions.bulk_tag(
            member=member, accounts=accounts, tag=tag, add=action == "add_tag"
        )
    teammate = get_for_member(queries.firm_members, member, pk=data["member"])
    return page_actions.bulk_team(
        member=member, accounts=accounts, teammate=teammate, add=action == "add_member"
    )


@member_required
@require_POST
def answer_request(request, pk, answer):
    """Accept or decline a client's request to connect (the Invitations tab, C-1). A request
    answered already (a double click, a colleague) is said so, and changes nothing."""
    connection = get_for_member(queries.connection_requests, request.member, pk=pk)
    try:
        if answer == "accept":
            account = page_actions.accept_request(member=request.member, request=connection)
            messages.success(request, _("%(name)s is now your client.") % {"name": account.name})
            return redirect("clients:workspace", pk=account.pk)
        page_actions.decline_request(member=request.member, request=connection)
        messages.info(
            request, _("Invitation from %(name)s declined.") % {"name": connection.client_name}
        )
    except AlreadyDone as done:
        messages.info(request, done.message)
        if connection.account_id:  # accepted: go where the client now is
            return redirect("clients:workspace", pk=connection.account_id)
    return redirect(f"{reverse('clients:list')}?tab=invitations")


@member_required
def workspace(request, pk):
    """Go to client (C-9): the client's workspace as the firm sees it."""
    account = get_for_member(queries.visible_accounts, request.member, pk=pk)
    context = {
        "section": "clients",
        "account": account,
        "contacts": queries.contact_rows(account),
        "sections": workspace_sections(request, account),
    }
    return render(request, "clients/workspace.html", context)


def workspace_sections(request, account) -> list[str]:
    """The HTML of each app's section of the workspace (core.registry.WorkspaceSection) that
    the member holds the right for, in order."""
    sections = registry.for_member(WorkspaceSection, request.member)
    return [
        render_to_string(s.template, {"account": account, **s.context(request, account)}, request)
        for s in sections
    ]


@member_required
def quick_open(request):
    """P-9: the sidebar's search; without JavaScript it lands on the Clients page's search."""
    text = request.GET.get("q", "")[:200]
    if not request.htmx:
        query = QueryDict(mutable=True)
        query["q"] = text
        return redirect(f"{reverse('clients:list')}?{query.urlencode()}")
    matches = listing.quick_open(request.member, text)
    return render(request, "clients/quick_open.html", {"matches": matches, "q": text})

"""Import (X-3) and export (C-8) of the client book, from the Clients page."""

from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from portico.clientbook import actions, exports, queries
from portico.clientbook import plan as planning
from portico.clientbook.forms import MappingForm, UploadForm
from portico.clientbook.models import ClientImport
from portico.core.locking import AlreadyDone
from portico.core.rights import Right, has
from portico.core.tenancy import get_for_member, member_required

State = ClientImport.State


def _manager(request):
    """The member, when they may import and export (*manage accounts*); 404 otherwise."""
    if not has(request.member, Right.MANAGE_ACCOUNTS):
        raise Http404
    return request.member


@member_required
def import_start(request):
    """Choose a file: it is kept, its columns mapped as suggested, then checked (dry run)."""
    member = _manager(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > planning.LIMITS.size:
            size = filesizeformat(planning.LIMITS.size)
            form.add_error("file", _("This file is larger than %(size)s.") % {"size": size})
        else:
            data = upload.read()
            _header, problem = planning.read_header(data)
            if problem:
                form.add_error("file", problem)
            else:
                job = actions.upload(
                    member=member,
                    file_name=upload.name,
                    data=data,
                    invite=form.cleaned_data["invite"],
                )
                return redirect("clientbook:check", pk=job.pk)
    recent = queries.imports(member).order_by("-created_at")[:5]
    context = {"section": "clients", "form": form, "recent": recent}
    return render(request, "clientbook/import.html", context)


@member_required
def import_check(request, pk):
    """The dry run's report: the column mapping and, per row, what the import would do, as
    checked (in the request or by the worker: actions.check). Writes nothing of the client
    book (POST changes the mapping, and the file is checked again)."""
    member = _manager(request)
    job = get_for_member(queries.imports, member, pk=pk)
    if job.state != State.CHECKED:
        return redirect("clientbook:progress", pk=job.pk)
    custom = queries.custom_fields(member)
    form = MappingForm(
        request.POST or None,
        header=job.header,
        mapping=job.mapping,
        custom_fields=custom,
        invite=job.invite,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_mapping(
                member=member,
                job=job,
                mapping=form.cleaned_data["mapping"],
                invite=form.cleaned_data["invite"],
            )
        except AlreadyDone as done:
            messages.info(request, done.message)
        return redirect("clientbook:check", pk=job.pk)
    report = planning.Report.from_json(job.report)
    context = {"section": "clients", "job": job, "form": form, "plan": report}
    return render(request, "clientbook/check.html", context)


@member_required
@require_POST
def import_run(request, pk):
    """Import a checked file whose dry run found no error: handed to the worker, which checks
    it again against the clients as they are then."""
    member = _manager(request)
    job = get_for_member(queries.imports, member, pk=pk)
    if job.state == State.CHECKED:
        report = planning.Report.from_json(job.report)
        if not report.ok:
            messages.error(request, _("Nothing was imported: correct the rows in error first."))
            return redirect("clientbook:check", pk=job.pk)
        try:
            actions.start_import(member=member, job=job, total=report.total)
        except AlreadyDone as done:
            messages.info(request, done.message)
    return redirect("clientbook:progress", pk=job.pk)


@member_required
def import_progress(request, pk):
    """The progress bar of the dry run of a large file, then of the import; htmx polls its
    fragment until the work ends. A dry run that ends sends the page to its report."""
    member = _manager(request)
    job = get_for_member(queries.imports, member, pk=pk)
    if job.state == State.CHECKED:
        if request.htmx:
            return HttpResponseClientRedirect(reverse("clientbook:check", args=[job.pk]))
        return redirect("clientbook:check", pk=job.pk)
    context = {
        "section": "clients",
        "job": job,
        "running": job.state in (State.CHECKING, State.QUEUED, State.RUNNING),
    }
    template = "clientbook/progress.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, context)


@member_required
@require_POST
def export(request):
    """Export the ticked clients, or all matching the Clients page's filters (C-8), as CSV or
    XLSX, with every account and contact field."""
    member = _manager(request)
    query = QueryDict(request.POST.get("query", ""))
    file_format = request.POST.get("format")
    if file_format not in exports.FORMATS:
        raise Http404
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
    ids = exports.selected_ids(member, query, ids, bool(request.POST.get("all_matching")))
    if not ids:
        messages.error(request, _("No client to export."))
        return redirect(f"{reverse('clients:list')}?{query.urlencode()}")
    return exports.response(member=member, ids=ids, file_format=file_format)

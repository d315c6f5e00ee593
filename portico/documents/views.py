"""The firm's side of an account's documents: a section of the workspace (C-9, W-1)."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portico.clients.queries import visible_accounts
from portico.core.tenancy import get_for_member, member_required
from portico.documents import actions, queries
from portico.documents.forms import StaffUploadForm


def file_response(document):
    """The document as a download, under the name it was uploaded with."""
    try:
        file = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        file, as_attachment=True, filename=document.name, content_type=document.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


def workspace_section(request, account):
    """What the workspace's Documents section shows (core.registry.WorkspaceSection)."""
    return {
        "documents": queries.account_documents(account),
        "document_form": StaffUploadForm(),
    }


def _back(account):
    return redirect(reverse("clients:workspace", args=[account.pk]) + "#documents")


@member_required
@require_POST
def upload(request, pk):
    account = get_for_member(visible_accounts, request.member, pk=pk)
    form = StaffUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return _back(account)
    document = actions.upload_by_member(
        member=request.member,
        account=account,
        upload=form.cleaned_data["file"],
        content_type=form.content_type,
        shared=form.cleaned_data["shared"],
    )
    messages.success(request, _("%(name)s is uploaded.") % {"name": document.name})
    return _back(account)


@member_required
def download(request, pk, document_pk):
    document = get_for_member(
        queries.staff_documents, request.member, pk=document_pk, account_id=pk
    )
    actions.mark_seen_by_firm(document)
    return file_response(document)


@member_required
@require_POST
def share(request, pk, document_pk):
    document = get_for_member(
        queries.staff_documents, request.member, pk=document_pk, account_id=pk
    )
    shared = request.POST.get("shared") == "on"
    if document.uploaded_by_client_id and not shared:
        messages.error(request, _("A document the client uploaded stays visible to them."))
        return _back(document.account)
    actions.set_shared(member=request.member, document=document, shared=shared)
    if shared:
        message = _("%(name)s is shared with the client.")
    else:
        message = _("%(name)s is no longer shared with the client.")
    messages.success(request, message % {"name": document.name})
    return _back(document.account)

"""Staff views of wallets, expenses and receipts (E-1 … E-4), reached from the client workspace.

Seeing needs access to the account; every write needs *manage accounts* (anyone else: 404)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portico.clients.queries import editable_accounts
from portico.core.tenancy import get_for_member, member_required
from portico.expenses import actions, imports, queries
from portico.expenses.forms import (
    CategoryForm,
    ExpenseForm,
    ExportForm,
    ImportForm,
    ReceiptForm,
    TopUpForm,
)

PROBLEMS_SHOWN = 100  # a file of 5,000 bad rows is told by its first ones, not a page of 5,000


def _editable(request, pk):
    return get_for_member(editable_accounts, request.member, pk=pk)


def _back(account, anchor="expenses"):
    return redirect(f"{reverse('clients:workspace', args=[account.pk])}#{anchor}")


def _page(request, template, account, context, status=200):
    context = {"section": "clients", "account": account, **context}
    return render(request, f"expenses/{template}", context, status=status)


@member_required
def expense_new(request, pk):
    account = _editable(request, pk)
    form = ExpenseForm(request.POST or None, initial={"currency": request.member.firm.currency})
    if request.method == "POST" and form.is_valid():
        actions.create_expense(member=request.member, account=account, **form.cleaned_data)
        messages.success(request, _("The expense is added."))
        return _back(account)
    status = 400 if request.method == "POST" else 200
    return _page(request, "expense_new.html", account, {"form": form}, status)


@member_required
def top_up(request, pk):
    account = _editable(request, pk)
    form = TopUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.top_up_wallet(member=request.member, account=account, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The top-up is recorded."))
            return _back(account, "wallet")
    status = 400 if request.method == "POST" else 200
    return _page(request, "top_up.html", account, {"form": form}, status)


@member_required
def expense_import(request, pk):
    """A dry run first: every bad row is listed and nothing is written; then, if the whole file
    is good, the same text is sent back with `confirm` and imported in one transaction."""
    account = _editable(request, pk)
    if request.method != "POST":
        return _page(request, "import.html", account, {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, "import.html", account, {"form": form}, status=400)
    data, filename = form.content()
    parsed = imports.parse(data, default_currency=request.member.firm.currency)
    if parsed.ok and request.POST.get("confirm"):
        count = actions.import_expenses(
            member=request.member, account=account, rows=parsed.rows, filename=filename
        )
        messages.success(
            request,
            ngettext("%(count)d expense imported.", "%(count)d expenses imported.", count)
            % {"count": count},
        )
        return _back(account)
    context = {
        "form": ImportForm(),
        "parsed": parsed,
        "problems": parsed.problems[:PROBLEMS_SHOWN],
        "more_problems": max(0, len(parsed.problems) - PROBLEMS_SHOWN),
        "text": parsed.text if parsed.ok else "",
        "filename": filename,
    }
    return _page(request, "import.html", account, context, status=200 if parsed.ok else 400)


@member_required
@require_POST
def export(request, pk):
    account = _editable(request, pk)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an export format."))
        return _back(account)
    done = actions.export_expenses(
        member=request.member, account=account, format=form.cleaned_data["format"]
    )
    if done is None:
        messages.info(request, _("No expense is ready to export."))
        return _back(account)
    return _download(done)


@member_required
def export_download(request, export_pk):
    return _download(get_for_member(queries.visible_exports, request.member, pk=export_pk))


def _download(export):
    response = HttpResponse(export.content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@member_required
def receipt(request, expense_pk):
    """The receipt file, only for those who may see the account (no public media URL)."""
    expense = get_for_member(queries.visible_expenses, request.member, pk=expense_pk)
    if not expense.receipt:
        raise Http404
    try:
        file = expense.receipt.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(file, content_type=expense.receipt_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@member_required
@require_POST
def receipt_upload(request, expense_pk):
    expense = get_for_member(queries.editable_expenses, request.member, pk=expense_pk)
    form = ReceiptForm(request.POST, request.FILES)
    if form.is_valid():
        category = form.cleaned_data["category"] or None
        try:
            actions.attach_receipt(
                member=request.member,
                expense=expense,
                receipt=form.cleaned_data["receipt"],
                category=category,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The receipt is attached."))
    else:
        messages.error(request, next(iter(form.errors.values()))[0])
    return _back(expense.account)


@member_required
@require_POST
def category(request, expense_pk):
    expense = get_for_member(queries.editable_expenses, request.member, pk=expense_pk)
    form = CategoryForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["category"][0])
        return _back(expense.account)
    try:
        actions.set_category(
            member=request.member, expense=expense, category=form.cleaned_data["category"]
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return _back(expense.account)

"""Billing's staff pages (P-8, B-1 … B-4): the profile's Payments, Invoices and Estimates tabs,
the client's transactions page (filter, pages, CSV/XLSX export), the firm-wide Billing page,
the invoice, estimate and payment forms (ACTIONS → Create invoice / Create estimate / Record
payment), and an invoice's or estimate's page with its actions.

Every page loads through billing.queries, which answer nothing to a member without *manage
billing*: they get 404, as for another firm's client. Lists are keyset-paged (never OFFSET)."""

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portico.billing import actions, claims, dates, queries, sending
from portico.billing.forms import (
    AnswerForm,
    BillingSettingsForm,
    EstimateForm,
    InvoiceForm,
    IssueForm,
    PaymentForm,
    PeriodForm,
    TransactionsFilter,
    line_formset,
)
from portico.billing.models import Channel, ClaimStatus, EstimateStatus, Method, Status
from portico.core import confirm, rights
from portico.core.exports import csv_lines, xlsx_chunks
from portico.core.locking import AlreadyDone
from portico.core.numbers import format_amount
from portico.core.tenancy import get_for_member, member_required

STATUS_FILTERS = ("draft", "pending", "partial", "paid", "overdue")


def _account(request, pk):
    return get_for_member(queries.billing_accounts, request.member, pk=pk)


def _cursor(text):
    """A keyset cursor "YYYY-MM-DD_ID" from the URL, or None when absent or malformed."""
    day, _sep, pk = (text or "").partition("_")
    try:
        return date.fromisoformat(day), int(pk)
    except ValueError:
        return None


def _cursor_text(cursor):
    return f"{cursor[0].isoformat()}_{cursor[1]}" if cursor else ""


def _refused(request, error):
    for message in getattr(error, "messages", [str(error)]):
        messages.error(request, message)


# --- Profile tabs ---------------------------------------------------------------------------------


@member_required
def account_payments(request, pk):
    """Payments tab: this month's payments by day (chart and table) with the month's total,
    the latest 20, and See more → the transactions page."""
    account = _account(request, pk)
    today = dates.today(request.member.firm)
    per_day, month_total = queries.month_payments(account, today)
    first, last = dates.month_bounds(today)
    return render(
        request,
        "billing/account_payments.html",
        {
            "account": account,
            "tab": "payments",
            "section": "clients",
            "per_day": per_day,
            "month_total": month_total,
            "month": first,
            "chart_labels": [d.day for d, _ in per_day],
            "chart_values": [format_amount(v, locale="en").replace(",", "") for _, v in per_day],
            "days_in_month": last.day,
            "latest": queries.latest(queries.account_payments(account)),
            "currency": request.member.firm.currency,
            "credit": queries.account_billing(account).credit,
        },
    )


@member_required
def account_invoices(request, pk):
    """Invoices tab: the blocks of B-2 for the member's period, then the list by status."""
    account = _account(request, pk)
    rows = queries.account_invoices(account)
    return _invoices_page(
        request,
        rows,
        lambda today, period: queries.invoice_blocks(rows, today, period),
        "billing/account_invoices.html",
        {"account": account, "tab": "invoices", "section": "clients"},
    )


@member_required
def firm_billing(request):
    """The firm-wide Billing page: every invoice the member may see, with the same blocks."""
    if not queries.may_bill(request.member):
        raise Http404
    member = request.member
    return _invoices_page(
        request,
        queries.invoices(member).select_related("account"),
        lambda today, period: queries.billing_page_blocks(member, today, period),
        "billing/firm_billing.html",
        {"section": "billing"},
    )


def _invoices_page(request, rows, blocks_for, template, context):
    """The list of `rows` (filtered by status, keyset-paged) under the blocks that
    `blocks_for(today, period)` gives."""
    member = request.member
    today = dates.today(member.firm)
    period = queries.period_of(member)
    status = request.GET.get("status", "")
    listed = rows
    if status == "overdue":
        listed = rows.filter(status__in=(Status.PENDING, Status.PARTIAL), due_date__lt=today)
    elif status in STATUS_FILTERS:
        listed = rows.filter(status=status)
    page, cursor = queries.keyset_page(listed, "issue_date", _cursor(request.GET.get("after")))
    for invoice in page:
        invoice.shown = invoice.shown_status(today)
        invoice.shown_label = Status(invoice.shown).label
    blocks = blocks_for(today, period)
    return render(
        request,
        template,
        {
            **context,
            "block_rows": _invoice_block_rows(blocks),
            "period": period,
            "period_form": PeriodForm(initial={"period": period}),
            "invoices": page,
            "next_cursor": _cursor_text(cursor),
            "status": status if status in STATUS_FILTERS else "",
            "status_choices": [(s, Status(s).label) for s in STATUS_FILTERS],
            "currency": member.firm.currency,
            "Status": Status,
        },
    )


def _invoice_block_rows(blocks):
    """(key, label, Block, what the count counts) in seed 003's order."""
    labels = {
        "pending": Status.PENDING.label,
        "paid": Status.PAID.label,
        "overdue": Status.OVERDUE.label,
        "draft": Status.DRAFT.label,
        "partial": Status.PARTIAL.label,
        "total": _("Total"),
    }
    return [(key, label, blocks[key], _("invoices")) for key, label in labels.items()]


@member_required
def account_estimates(request, pk):
    """Estimates tab: the sums awaiting acceptance, accepted and rejected, the latest 20."""
    account = _account(request, pk)
    rows = queries.account_estimates(account)
    return render(
        request,
        "billing/account_estimates.html",
        {
            "account": account,
            "tab": "estimates",
            "section": "clients",
            "block_rows": [
                (key, EstimateStatus(key).label, block)
                for key, block in queries.estimate_blocks(rows).items()
                if key != "draft"
            ],
            "estimates": queries.latest(rows),
            "currency": request.member.firm.currency,
        },
    )


@member_required
@require_POST
def set_period(request):
    """The member's period for the blocks (current year / all time), saved on the member."""
    if not queries.may_bill(request.member):
        raise Http404
    form = PeriodForm(request.POST)
    if form.is_valid():
        actions.set_period(member=request.member, period=form.cleaned_data["period"])
    else:
        messages.error(request, _("Choose the current year or all time."))
    back = request.POST.get("next", "")
    return redirect(
        back if back.startswith("/") and not back.startswith("//") else "billing:billing"
    )


# --- Transactions ---------------------------------------------------------------------------------


def _transactions(request, account):
    form = TransactionsFilter(request.GET or None)
    rows = queries.account_payments(account)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("start"):
            rows = rows.filter(date__gte=data["start"])
        if data.get("end"):
            rows = rows.filter(date__lte=data["end"])
        if data.get("method"):
            rows = rows.filter(method=data["method"])
    return form, rows


@member_required
def transactions(request, pk):
    """All the client's payments (See more), filtered by dates and method, paged by keyset,
    exported as CSV or XLSX with the same filter."""
    account = _account(request, pk)
    form, rows = _transactions(request, account)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return _export(account, rows.order_by("-date", "-pk"), export)
    page, cursor = queries.keyset_page(rows, "date", _cursor(request.GET.get("after")))
    query = request.GET.copy()
    query.pop("after", None)
    query.pop("export", None)
    return render(
        request,
        "billing/transactions.html",
        {
            "account": account,
            "section": "clients",
            "tab": "payments",
            "form": form,
            "payments": page,
            "next_cursor": _cursor_text(cursor),
            "query": query.urlencode(),
            "currency": request.member.firm.currency,
        },
    )


EXPORT_HEADER = ("date", "amount", "currency", "method", "reference", "reversed")


def _export_rows(rows, currency):
    methods = dict(Method.choices)
    for p in rows.iterator(chunk_size=2000):
        yield (
            p.date.isoformat(),
            str(p.amount),
            currency,
            str(methods.get(p.method, p.method)),
            p.reference,
            p.reversed_at.date().isoformat() if p.reversed_at else "",
        )


def _export(account, rows, kind):
    """The payments as CSV (UTF-8 with BOM, so spreadsheets read accents) or XLSX."""
    currency = account.firm.currency
    name = f"payments-{account.pk}"
    if kind == "csv":
        lines = csv_lines([EXPORT_HEADER, *_export_rows(rows, currency)])
        response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    typed = [
        [date.fromisoformat(r[0]), Decimal(r[1]), *r[2:]] for r in _export_rows(rows, currency)
    ]
    response = StreamingHttpResponse(
        xlsx_chunks([EXPORT_HEADER, *typed], title="payments"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# --- Invoices -------------------------------------------------------------------------------------


def _invoice(request, pk):
    return get_for_member(queries.invoice_details, request.member, pk=pk)


@member_required
def invoice_new(request, pk):
    """ACTIONS → Create invoice: a draft for the client, with lines."""
    account = _account(request, pk)
    today = dates.today(request.member.firm)
    return _invoice_form(
        request, account, None, InvoiceForm.initial_for(request.member.firm, today)
    )


@member_required
def invoice_edit(request, pk):
    invoice = _invoice(request, pk)
    if invoice.status != Status.DRAFT:
        messages.error(
            request, _("An issued invoice cannot be changed: issue a credit note to correct it.")
        )
        return redirect("billing:invoice", invoice.pk)
    initial = {
        "issue_date": invoice.issue_date,
        "due_date": invoice.due_date,
        "payment_terms": invoice.payment_terms,
        "withholding_percent": invoice.withholding_percent,
        "notes": invoice.notes,
        "client_tax_id": queries.account_billing(invoice.account).tax_id,
    }
    return _invoice_form(request, invoice.account, invoice, initial)


def _line_initial(document):
    return [
        {
            "description": line.description,
            "quantity": line.quantity.normalize(),
            "unit": line.unit,
            "unit_price": line.unit_price.normalize(),
            "discount_percent": line.discount_percent.normalize() or None,
            "tax_rate": str(line.tax_rate.normalize()),
        }
        for line in document.lines.all()
    ]


def _invoice_form(request, account, invoice, initial):
    member = request.member

    def save(data, lines):
        fields = {
            "issue_date": data["issue_date"],
            "due_date": data["due_date"],
            "lines": lines,
            "payment_terms": data["payment_terms"],
            "notes": data["notes"],
            "withholding_percent": data.get("withholding_percent") or 0,
        }
        if invoice is None:
            made = actions.create_invoice(member=member, account=account, **fields)
        else:
            made = actions.update_invoice(member=member, invoice=invoice, **fields)
        if data["client_tax_id"] != initial.get("client_tax_id", ""):
            actions.set_tax_id(member=member, account=account, tax_id=data["client_tax_id"])
        return made

    return _document_form(
        request,
        account=account,
        document=invoice,
        form_class=InvoiceForm,
        initial=initial,
        save=save,
        done=_("The draft invoice is saved."),
        shown_on="billing:invoice",
        template="billing/invoice_form.html",
        context={"invoice": invoice, "tab": "invoices"},
    )


def _document_form(
    request, *, account, document, form_class, initial, save, done, shown_on, template, context
):
    """The form of a draft invoice or estimate with its lines, new (`document` None) or
    edited: "Add line" shows one more line; a valid POST calls `save(data, lines)` in one
    transaction, then goes to the page `shown_on` (a URL name) of what it returns; a refusal
    is shown on the form, nothing written."""
    posted = request.method == "POST"
    form = form_class(request.POST if posted else None, initial=initial)
    lines = line_formset(
        request.member.firm,
        request.POST if posted else None,
        initial=_line_initial(document) if document and not posted else None,
    )
    if posted and "add_line" not in request.POST and form.is_valid() and lines.is_valid():
        try:
            with transaction.atomic():
                saved = save(form.cleaned_data, lines.lines())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect(shown_on, saved.pk)
    return render(
        request,
        template,
        {"account": account, "form": form, "lines": lines, "section": "clients", **context},
    )


@member_required
def invoice(request, pk):
    """An invoice: its lines and totals per rate, what was paid on it, its sendings, and
    Edit / Issue and send / Credit note / Apply credit."""
    invoice = _invoice(request, pk)
    today = dates.today(request.member.firm)
    return render(
        request,
        "billing/invoice.html",
        {
            "invoice": invoice,
            "account": invoice.account,
            "shown": invoice.shown_status(today),
            "shown_label": Status(invoice.shown_status(today)).label,
            "lines": list(invoice.lines.all()),
            "by_rate": _by_rate(invoice),
            "allocations": list(invoice.allocations.select_related("payment", "credit_note")),
            "sends": list(invoice.sends.all()),
            "claims": list(invoice.claims.filter(status=ClaimStatus.CLAIMED)),
            "issue_form": IssueForm(initial={"channel": Channel.EMAIL}),
            "issuer_missing": invoice.status == Status.DRAFT
            and bool(queries.issuer_missing(invoice.firm)),
            "may_manage_firm": rights.has(request.member, rights.Right.MANAGE_FIRM),
            "credit": queries.account_billing(invoice.account).credit,
            "currency": invoice.currency,
            "section": "clients",
            "tab": "invoices",
            "Status": Status,
        },
    )


def _by_rate(document):
    from portico.billing import money

    return money.totals(
        [(line.net, line.tax_rate) for line in document.lines.all()],
        document.withholding_percent,
    ).by_rate


def _act(request, redirect_to, call, done):
    try:
        call()
    except AlreadyDone as error:
        messages.info(request, error.message)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, done)
    return redirect(redirect_to)


@member_required
@require_POST
def invoice_issue(request, pk):
    invoice = _invoice(request, pk)
    form = IssueForm(request.POST)
    channel = form.cleaned_data["channel"] if form.is_valid() else Channel.MARKED
    return _act(
        request,
        reverse("billing:invoice", args=[pk]),
        lambda: actions.issue_invoice(member=request.member, invoice=invoice, channel=channel),
        _("The invoice is issued."),
    )


@member_required
@require_POST
def invoice_send(request, pk):
    """Send an issued invoice again, through the channel chosen."""
    invoice = _invoice(request, pk)
    form = IssueForm(request.POST)
    channel = form.cleaned_data["channel"] if form.is_valid() else Channel.MARKED
    return _act(
        request,
        reverse("billing:invoice", args=[pk]),
        lambda: actions.send_invoice(member=request.member, invoice=invoice, channel=channel),
        _("The invoice is sent."),
    )


@member_required
def invoice_pdf(request, pk):
    """The issued invoice's stored PDF (what was sent) in its billing contact's language;
    printable for a window envelope."""
    invoice = _invoice(request, pk)
    if invoice.status == Status.DRAFT:
        raise Http404
    name = sending.stored_pdf(invoice)
    return FileResponse(
        default_storage.open(name, "rb"),
        content_type="application/pdf",
        filename=f"{invoice.number}.pdf",
    )


@member_required
@require_POST
def invoice_credit_note(request, pk):
    invoice = _invoice(request, pk)
    made = {}

    def call():
        made["note"] = actions.create_credit_note(
            member=request.member, invoice=invoice, issue_date=dates.today(request.member.firm)
        )

    response = _act(
        request,
        reverse("billing:invoice", args=[pk]),
        call,
        _("A draft credit note is ready: check it, then issue it."),
    )
    if "note" in made:
        return redirect("billing:invoice", made["note"].pk)
    return response


@member_required
@require_POST
def invoice_apply_credit(request, pk):
    invoice = _invoice(request, pk)
    return _act(
        request,
        reverse("billing:invoice", args=[pk]),
        lambda: actions.apply_credit(member=request.member, invoice=invoice),
        _("The client's credit is applied."),
    )


# --- Payments -------------------------------------------------------------------------------------


@member_required
def payment_new(request, pk):
    """ACTIONS → Record payment: an amount against one or several invoices."""
    account = _account(request, pk)
    today = dates.today(request.member.firm)
    wanted = request.GET.get("invoice", "")
    initial = {"date": today, "method": Method.TRANSFER}
    if wanted.isdigit():
        initial["invoices"] = [int(wanted)]
    form = PaymentForm(request.POST or None, account=account, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_payment(
                member=request.member,
                account=account,
                amount=data["amount"],
                day=data["date"],
                method=data["method"],
                reference=data["reference"],
                invoices=list(data["invoices"]),
                keep_credit=data["keep_credit"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The payment is recorded."))
            return redirect("billing:account_payments", account.pk)
    return render(
        request,
        "billing/payment_form.html",
        {
            "account": account,
            "form": form,
            "section": "clients",
            "tab": "payments",
            "currency": request.member.firm.currency,
        },
    )


@member_required
@require_POST
def payment_reverse(request, pk):
    payment = get_for_member(queries.payments, request.member, pk=pk)
    return _act(
        request,
        reverse("billing:transactions", args=[payment.account_id]),
        lambda: actions.reverse_payment(member=request.member, payment=payment),
        _("The payment is reversed."),
    )


# --- Estimates ------------------------------------------------------------------------------------


def _estimate(request, pk):
    return get_for_member(queries.estimate_details, request.member, pk=pk)


@member_required
def estimate_new(request, pk):
    """ACTIONS → Create estimate."""
    account = _account(request, pk)
    initial = EstimateForm.initial_for(dates.today(request.member.firm))
    return _estimate_form(request, account, None, initial)


@member_required
def estimate_edit(request, pk):
    """Edit a draft estimate (a sent one is what the client received: refused)."""
    estimate = _estimate(request, pk)
    if estimate.status != EstimateStatus.DRAFT:
        messages.error(request, _("A sent estimate cannot be changed or deleted."))
        return redirect("billing:estimate", estimate.pk)
    initial = {
        "issue_date": estimate.issue_date,
        "expiry_date": estimate.expiry_date,
        "withholding_percent": estimate.withholding_percent.normalize() or None,
        "notes": estimate.notes,
    }
    return _estimate_form(request, estimate.account, estimate, initial)


def _estimate_form(request, account, estimate, initial):
    member = request.member

    def save(data, lines):
        fields = {
            "issue_date": data["issue_date"],
            "expiry_date": data["expiry_date"],
            "lines": lines,
            "notes": data["notes"],
            "withholding_percent": data.get("withholding_percent") or 0,
        }
        if estimate is None:
            return actions.create_estimate(member=member, account=account, **fields)
        return actions.update_estimate(member=member, estimate=estimate, **fields)

    return _document_form(
        request,
        account=account,
        document=estimate,
        form_class=EstimateForm,
        initial=initial,
        save=save,
        done=_("The estimate is saved."),
        shown_on="billing:estimate",
        template="billing/estimate_form.html",
        context={"estimate": estimate, "tab": "estimates"},
    )


@member_required
@require_POST
@confirm.confirmable
def estimate_delete(request, pk):
    """Delete a draft estimate, once confirmed."""
    estimate = _estimate(request, pk)
    back = reverse("billing:estimate", args=[pk])
    if estimate.status != EstimateStatus.DRAFT:
        messages.error(request, _("A sent estimate cannot be changed or deleted."))
        return redirect(back)
    if not confirm.confirmed(request):
        return confirm.ask(
            request,
            title=_("Delete estimate %(number)s") % {"number": estimate.pk},
            detail=_("The draft and its lines are deleted. This cannot be undone."),
            confirm_label=_("Delete"),
            back=back,
            danger=True,
        )
    account = estimate.account
    try:
        actions.delete_estimate(member=request.member, estimate=estimate)
    except ValidationError as error:
        _refused(request, error)
        return redirect(back)
    messages.success(request, _("The draft estimate is deleted."))
    return redirect("billing:account_estimates", account.pk)


@member_required
def estimate_pdf(request, pk):
    """The estimate's PDF, drafts included, in its billing contact's language (as the
    invoice's), rendered when asked for."""
    estimate = _estimate(request, pk)
    return HttpResponse(
        sending.render_pdf(estimate),
        content_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="estimate-{estimate.pk}.pdf"'},
    )


@member_required
def estimate(request, pk):
    estimate = _estimate(request, pk)
    return render(
        request,
        "billing/estimate.html",
        {
            "estimate": estimate,
            "account": estimate.account,
            "lines": list(estimate.lines.all()),
            "by_rate": _by_rate(estimate),
            "issue_form": IssueForm(initial={"channel": Channel.EMAIL}),
            "answer_form": AnswerForm(),
            "currency": estimate.currency,
            "section": "clients",
            "tab": "estimates",
            "EstimateStatus": EstimateStatus,
        },
    )


@member_required
@require_POST
def estimate_send(request, pk):
    estimate = _estimate(request, pk)
    form = IssueForm(request.POST)
    channel = form.cleaned_data["channel"] if form.is_valid() else Channel.MARKED
    return _act(
        request,
        reverse("billing:estimate", args=[pk]),
        lambda: actions.send_estimate(member=request.member, estimate=estimate, channel=channel),
        _("The estimate is sent: it awaits the client's acceptance."),
    )


@member_required
@require_POST
def estimate_answer(request, pk):
    """Accept or reject on the client's behalf (the button pressed says which)."""
    estimate = _estimate(request, pk)
    form = AnswerForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    accepted = "accept" in request.POST
    return _act(
        request,
        reverse("billing:estimate", args=[pk]),
        lambda: actions.answer_estimate(
            member=request.member, estimate=estimate, accepted=accepted, comment=comment
        ),
        _("The estimate is accepted.") if accepted else _("The estimate is rejected."),
    )


@member_required
@require_POST
def estimate_invoice(request, pk):
    """An accepted estimate → a draft invoice, in one click."""
    estimate = _estimate(request, pk)
    made = {}

    def call():
        made["invoice"] = actions.invoice_estimate(
            member=request.member, estimate=estimate, issue_date=dates.today(request.member.firm)
        )

    response = _act(
        request,
        reverse("billing:estimate", args=[pk]),
        call,
        _("A draft invoice is made from the estimate."),
    )
    if "invoice" in made:
        return redirect("billing:invoice", made["invoice"].pk)
    return response


# --- Announced payments and settings --------------------------------------------------------------


@member_required
@require_POST
def claim_decision(request, pk):
    """Confirm (received: the payment is recorded) or dismiss a payment the client announced."""
    claim = get_for_member(queries.claims, request.member, pk=pk)
    today = dates.today(request.member.firm)
    if "confirm" in request.POST:
        call = lambda: claims.confirm_claim(member=request.member, claim=claim, day=today)  # noqa: E731
        done = _("The payment is recorded.")
    else:
        call = lambda: claims.dismiss_claim(member=request.member, claim=claim)  # noqa: E731
        done = _("The announced payment is marked as not received.")
    return _act(request, reverse("billing:invoice", args=[claim.invoice_id]), call, done)


@member_required
def billing_settings(request):
    """The firm's tax rates, bank details, payment term and links without sign-in."""
    member = request.member
    if not queries.may_bill(member):
        raise Http404
    current = queries.settings_of(member.firm)
    initial = {
        "tax_rates": "; ".join(current.tax_rates or queries.default_rates(member.firm)),
        "iban": current.iban,
        "bic": current.bic,
        "payment_days": current.payment_days,
        "pay_links": current.pay_links,
    }
    form = BillingSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            claims.save_settings(member=member, **form.settings())
        except ValidationError as error:
            form.add_error("tax_rates", error)
        else:
            messages.success(request, _("The billing settings are saved."))
            return redirect("billing:settings")
    return render(request, "billing/settings.html", {"form": form, "section": "billing"})

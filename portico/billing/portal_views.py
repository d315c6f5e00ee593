"""The client's side of billing (A-7, A-8): in the portal, the account's invoices (status,
amount due, PDF, Pay), estimates (accept or reject, with a comment) and payments; paying through
the installation's payment providers (the bank transfer one shows the firm's details and takes
"I've paid"); and one invoice through a link without sign-in (links.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portico.billing import actions, claims, links, providers, queries, sending
from portico.billing.models import ClaimStatus, EstimateStatus, Status
from portico.core.locking import AlreadyDone
from portico.portal.access import portal_account, portal_required

LISTED = 50  # invoices the portal lists (the newest)

REFUSALS = {
    "invalid": gettext_lazy("This link is not valid."),
    "expired": gettext_lazy("This link has expired. Sign in to your client portal instead."),
    "off": gettext_lazy("Your firm no longer lets invoices be paid without signing in."),
    "access": gettext_lazy("This link no longer works: your access was changed."),
}


def _page(request, template, account, context):
    return render(
        request,
        template,
        {
            "account": account,
            "accounts": list(request.portal.accounts.order_by("name_key", "pk")),
            "viewer": request.portal,
            "tab": "billing",
            **context,
        },
    )


def _issued(account):
    return queries.account_invoices(account).exclude(status=Status.DRAFT)


@portal_required
def billing(request, pk):
    """Invoices, estimates awaiting an answer and the others, payments."""
    account = portal_account(request, pk)
    invoices = list(_issued(account).order_by("-issue_date", "-pk")[:LISTED])
    today = _today(account)
    for invoice in invoices:
        invoice.shown = invoice.shown_status(today)
        invoice.shown_label = Status(invoice.shown).label
    estimates = list(
        queries.account_estimates(account)
        .exclude(status=EstimateStatus.DRAFT)
        .order_by("-issue_date", "-pk")[: queries.LATEST]
    )
    payments = queries.latest(queries.account_payments(account).filter(reversed_at=None))
    return _page(
        request,
        "billing/portal/billing.html",
        account,
        {
            "invoices": invoices,
            "estimates": estimates,
            "payments": payments,
            "currency": account.firm.currency,
            "EstimateStatus": EstimateStatus,
        },
    )


def _today(account):
    from portico.billing.dates import today

    return today(account.firm)


def _invoice(request, pk, invoice_pk):
    account = portal_account(request, pk)
    return get_object_or_404(_issued(account).select_related("firm"), pk=invoice_pk)


@portal_required
def invoice_pdf(request, pk, invoice_pk):
    invoice = _invoice(request, pk, invoice_pk)
    return _pdf(invoice, translation.get_language()[:2])


def _pdf(invoice, language):
    """The invoice's stored PDF in `language` (the portal's, or the linked contact's)."""
    name = sending.stored_pdf(invoice, language)
    return FileResponse(
        default_storage.open(name, "rb"),
        content_type="application/pdf",
        filename=f"{invoice.number}.pdf",
    )


@portal_required
def pay(request, pk, invoice_pk):
    """How to pay an invoice (each provider's instructions), and "I've paid"."""
    invoice = _invoice(request, pk, invoice_pk)
    if request.method == "POST":
        _claim(request, invoice, user=request.user, email=request.user.email)
        return redirect("billing_portal:billing", pk=pk)
    return _page(request, "billing/portal/pay.html", invoice.account, _pay_context(invoice))


def _pay_context(invoice):
    offered = [(p, p.instructions(invoice)) for p in providers.providers()]
    return {
        "invoice": invoice,
        "offered": offered,
        "claimed": invoice.claims.filter(status=ClaimStatus.CLAIMED).exists(),
        "payable": invoice.status in (Status.PENDING, Status.PARTIAL),
        "currency": invoice.currency,
    }


def _claim(request, invoice, *, user, email):
    chosen = providers.provider(request.POST.get("provider", ""))
    if chosen is None or not chosen.claims:
        messages.error(request, _("Choose how you paid."))
        return
    try:
        claims.claim_payment(invoice=invoice, provider=chosen.key, user=user, email=email)
    except AlreadyDone as done:
        messages.info(request, done.message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Thank you. The firm will confirm the payment when they receive it.")
        )


@portal_required
@require_POST
def answer(request, pk, estimate_pk):
    """Accept or reject an estimate awaiting an answer, with an optional comment."""
    account = portal_account(request, pk)
    estimate = get_object_or_404(queries.account_estimates(account), pk=estimate_pk)
    accepted = "accept" in request.POST
    try:
        actions.answer_estimate(
            estimate=estimate,
            accepted=accepted,
            comment=request.POST.get("comment", "")[:2000],
            user=request.user,
        )
    except AlreadyDone as done:
        messages.info(request, done.message)
    else:
        messages.success(
            request,
            _("Thank you: the estimate is accepted.")
            if accepted
            else _("Thank you: the estimate is rejected."),
        )
    return redirect("billing_portal:billing", pk=pk)


def pay_link(request, token):
    """One invoice and how to pay it, without signing in (A-8)."""
    try:
        invoice, email = links.check(token)
    except links.Refused as refused:
        title = gettext_lazy("Pay an invoice")
        context = {"title": title, "message": REFUSALS[refused.reason]}
        return render(request, "portal/refused.html", context, status=403)
    translation.activate(email.contact.language)
    request.LANGUAGE_CODE = email.contact.language
    if request.method == "POST":
        _claim(request, invoice, user=None, email=email.email)
        return redirect("billing_portal:pay_link", token=token)
    context = _pay_context(invoice) | {"token": token}
    return render(request, "billing/portal/pay_link.html", context)


def pay_link_pdf(request, token):
    """The invoice's PDF through its link without sign-in."""
    try:
        invoice, email = links.check(token)
    except links.Refused:
        raise Http404 from None
    return _pdf(invoice, email.contact.language)


@csrf_exempt  # a server-to-server call, authenticated by its signature instead
@require_POST
def callback(request, key):
    """A payment provider's callback (providers.Webhook): recorded only when its signature
    and timestamp verify. 404 for a provider not offered or an unknown invoice, 400 for an
    unsigned, forged, stale or malformed one; nothing written either way. A repeat of a
    recorded payment answers 200 and writes nothing (processors retry until they get 2xx)."""
    chosen = providers.provider(key)
    if chosen is None:
        raise Http404
    try:
        found = chosen.verified_payment(request)
    except providers.Unknown:
        raise Http404 from None
    except providers.Refused as refused:
        return JsonResponse({"error": str(refused)}, status=400)
    try:
        payment = claims.record_callback(provider=chosen.key, callback=found)
    except IntegrityError:  # the same payment id recorded meanwhile on another invoice
        payment = None
    return JsonResponse({"recorded": payment is not None})

"""What billing contributes to the pages that show many features, through core.registry: the
profile's Payments, Invoices and Estimates tabs and ACTIONS (P-8, B-4), the Overview card and
workspace section of unpaid invoices, the digest's overdue invoices (N-2), History verbs. Each
needs *manage billing*: a member without it sees no amount anywhere."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portico.billing import dates, queries
from portico.billing.models import Status, Verb
from portico.core.registry import (
    DigestSection,
    HistorySubject,
    HistoryVerb,
    OverviewCard,
    ProfileAction,
    ProfileTab,
    WorkspaceSection,
    registry,
)
from portico.core.rights import Right

CARD = 5  # invoices an Overview card shows
DIGEST = 20  # overdue invoices a digest lists


def register():
    """Called once by BillingConfig.ready()."""
    bill = Right.MANAGE_BILLING
    registry.register(
        ProfileTab(
            key="payments",
            label=_("Payments"),
            url_name="billing:account_payments",
            order=10,
            right=bill,
        ),
        ProfileTab(
            key="invoices",
            label=_("Invoices"),
            url_name="billing:account_invoices",
            order=30,
            right=bill,
        ),
        ProfileTab(
            key="estimates",
            label=_("Estimates"),
            url_name="billing:account_estimates",
            order=40,
            right=bill,
        ),
        ProfileAction(
            key="create_invoice",
            label=_("Create invoice"),
            url_name="billing:invoice_new",
            order=30,
            right=bill,
            icon="receipt",
        ),
        ProfileAction(
            key="create_estimate",
            label=_("Create estimate"),
            url_name="billing:estimate_new",
            order=40,
            right=bill,
            icon="file-earmark-text",
        ),
        ProfileAction(
            key="record_payment",
            label=_("Record payment"),
            url_name="billing:payment_new",
            order=50,
            right=bill,
            icon="cash-coin",
        ),
        OverviewCard(
            key="unpaid_invoices",
            label=_("Unpaid invoices"),
            template="billing/_unpaid_card.html",
            latest=unpaid_invoices,
            view_all="billing:account_invoices",
            order=40,
            right=bill,
        ),
        WorkspaceSection(
            key="unpaid_invoices",
            template="billing/_unpaid_card.html",
            context=workspace_invoices,
            order=40,
            right=bill,
        ),
        DigestSection(
            key="overdue_invoices",
            template="billing/digest/overdue_invoices",
            collect=overdue_invoices,
            order=40,
        ),
        *(HistoryVerb(key=verb.value, label=verb.label) for verb in Verb),
        # What str() of an invoice, an estimate or the settings writes as an event's subject.
        *(
            HistorySubject(key=words, label=label, verbs=tuple(Verb.values))
            for words, label in (
                ("Estimate", _("Estimate")),
                ("Draft invoice", _("Draft invoice")),
                ("Billing settings", _("Billing settings")),
            )
        ),
    )


def unpaid_invoices(member, account):
    """The Overview card: the account's first five unpaid invoices, oldest due first, each
    with its status on the firm's today (Overdue shown) and `covered`: whether the client's
    credit, applied oldest first, pays it in full (P-3)."""
    if not queries.may_bill(member):
        return []
    today = dates.today(member.firm)
    found = list(queries.unpaid_invoices(account)[:CARD])
    credit = queries.credit_of(account) if found else 0
    for invoice in found:
        invoice.shown = invoice.shown_status(today)
        invoice.shown_label = Status(invoice.shown).label
        invoice.covered = credit >= invoice.due
        if invoice.covered:
            credit -= invoice.due
    return found


def workspace_invoices(request, account):
    return {"items": unpaid_invoices(request.member, account), "account": account}


def overdue_invoices(member, accounts, now):
    """For a member who manages billing: the overdue invoices of their subscribed accounts,
    as [{"client", "number", "due_date", "due", "currency", "url"}], at most DIGEST, or None."""
    if not queries.may_bill(member) or not accounts:
        return None
    today = dates.today(member.firm, now)
    rows = (
        queries.invoices(member)
        .filter(
            account__in=[a.pk for a in accounts],
            status__in=(Status.PENDING, Status.PARTIAL),
            due_date__lt=today,
        )
        .select_related("account")
        .order_by("due_date", "pk")[:DIGEST]
    )
    found = [
        {
            "client": i.account.name,
            "number": i.number,
            "due_date": i.due_date,
            "due": i.due,
            "currency": i.currency,
            "url": settings.SITE_URL + reverse("billing:invoice", args=[i.pk]),
        }
        for i in rows
    ]
    return found or None

"""Writes to billing (B-1 … B-6): keyword-only, each in one transaction with its History event,
each refusing a member without *manage billing* (PermissionDenied) and an account of another
firm or one the member may not see.

Bad input raises ValidationError with a translated message and a code naming what is wrong
("lines", "quantity", "tax_rate", "discount", "due_date", "issued", "amount", "account",
"credit", "issuer", "sent"), and writes nothing. A state changed by someone else first (a
second click on Issue, Reverse, Accept) raises core.locking.AlreadyDone. Every state change
locks its row first (core.locking): the invoice for what is paid on it, the series for its
numbers, the client's billing row for their credit."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portico.billing import money, queries, sending
from portico.billing.models import (
    AccountBilling,
    Allocation,
    Channel,
    Estimate,
    EstimateLine,
    EstimateStatus,
    Invoice,
    InvoiceLine,
    InvoiceSeries,
    Kind,
    MemberBilling,
    Payment,
    Period,
    Send,
    Status,
    Verb,
)
from portico.core.history import record
from portico.core.locking import AlreadyDone, lock
from portico.core.numbers import format_money, format_number
from portico.core.rights import Right, require

ZERO = Decimal("0.00")
CREDIT_NOTE_SERIES = "R"  # rectificativa / avoir: its own gap-free series


@dataclass(frozen=True)
class LineInput:
    """A line as typed: amounts already Decimal (forms read them with core.numbers)."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    tax_rate: Decimal
    unit: str = ""
    discount_percent: Decimal = ZERO


# --- Checks ---------------------------------------------------------------------------------------


def check_account(member, account):
    """The account is one whose billing the member may open (else "account")."""
    require(member, Right.MANAGE_BILLING)
    if account is None or not queries.billing_accounts(member).filter(pk=account.pk).exists():
        raise ValidationError(_("Choose one of your clients."), code="account")


def check_dates(issue_date, due_date, code="due_date"):
    if due_date < issue_date:
        raise ValidationError(_("The due date cannot be before the issue date."), code=code)


def check_issuer(firm):
    """An invoice carries its issuer's tax id and address (Spain: Reglamento de facturación,
    art. 6; France: CGI, art. 242 nonies A): refused ("issuer") while the firm's settings
    lack them (queries.issuer_missing)."""
    if queries.issuer_missing(firm):
        raise ValidationError(
            _(
                "Add your firm's tax id and address (street, postal code and city) in the firm "
                "settings before issuing: the law requires them on every invoice."
            ),
            code="issuer",
        )


# What a money column holds (models.AMOUNT: 14 digits, 2 of them decimals).
LARGEST_AMOUNT = Decimal("999999999999.99")


def check_lines(firm, lines, *, negative_allowed=False, estimate=False):
    """At least one line; quantities and prices not negative (only a credit note's may be);
    a discount from 0 to 100 %; each tax rate one of the firm's (BillingSettings.tax_rates);
    every line's net and the document's totals within LARGEST_AMOUNT."""
    if not lines:
        raise ValidationError(_("Add at least one line."), code="lines")
    rates = set(queries.tax_rates(firm))
    for line in lines:
        if not line.description.strip():
            raise ValidationError(_("Every line needs a description."), code="lines")
        if not negative_allowed and (line.quantity < 0 or line.unit_price < 0):
            refusal = (
                _("Quantities and prices cannot be negative on an estimate.")
                if estimate
                else _(
                    "Quantities and prices cannot be negative on an invoice: issue a credit note."
                )
            )
            raise ValidationError(refusal, code="quantity")
        if not ZERO <= line.discount_percent <= 100:
            raise ValidationError(_("A discount goes from 0 to 100 %."), code="discount")
        try:
            rate = Decimal(line.tax_rate).normalize()
        except InvalidOperation:
            rate = None
        if rate not in rates:
            raise ValidationError(
                _("%(rate)s %% is not one of your firm's tax rates.") % {"rate": line.tax_rate},
                code="tax_rate",
            )
    _check_size(
        [(money.line_net(x.quantity, x.unit_price, x.discount_percent), x.tax_rate) for x in lines]
    )


def _check_size(nets_and_rates):
    """Refuse amounts a money column can't hold (each line's net, the net, tax and total)."""
    found = money.totals(nets_and_rates)
    amounts = [net for net, _rate in nets_and_rates] + [found.net, found.tax, found.total]
    if any(abs(amount) > LARGEST_AMOUNT for amount in amounts):
        raise ValidationError(
            _("These amounts are too large: a line or the total can be at most %(largest)s.")
            % {"largest": format_number(LARGEST_AMOUNT)},
            code="quantity",
        )


def _write_lines(document, line_model, owner_field, lines):
    """Replace `document`'s lines and store its totals (money.totals)."""
    line_model.objects.filter(**{owner_field: document}).delete()
    rows = [
        line_model(
            **{owner_field: document},
            position=n,
            description=line.description.strip(),
            quantity=line.quantity,
            unit=line.unit,
            unit_price=line.unit_price,
            discount_percent=line.discount_percent,
            tax_rate=line.tax_rate,
            net=money.line_net(line.quantity, line.unit_price, line.discount_percent),
        )
        for n, line in enumerate(lines, start=1)
    ]
    line_model.objects.bulk_create(rows)
    found = money.totals([(r.net, r.tax_rate) for r in rows], document.withholding_percent)
    document.net, document.tax = found.net, found.tax
    document.withholding, document.total = found.withholding, found.total


def _snapshot(document) -> dict:
    return {
        "number": getattr(document, "number", ""),
        "status": document.status,
        "total": str(document.total),
    }


def _record(member, document, verb, before=None, after=None, actor=None):
    record(
        actor=actor if actor is not None else member.user,
        firm=document.firm,
        account=document.account,
        verb=verb,
        subject=document,
        before=before,
        after=after if after is not None else _snapshot(document),
    )


# --- Invoices -------------------------------------------------------------------------------------


@transaction.atomic
def create_invoice(
    *,
    member,
    account,
    issue_date: date,
    due_date: date,
    lines: list[LineInput],
    payment_terms="",
    notes="",
    withholding_percent=ZERO,
) -> Invoice:
    """A draft invoice (editable, no number yet) for `account`."""
    check_account(member, account)
    check_dates(issue_date, due_date)
    check_lines(member.firm, lines)
    _check_withholding(withholding_percent)
    invoice = Invoice.objects.create(
        firm=member.firm,
        account=account,
        issue_date=issue_date,
        due_date=due_date,
        payment_terms=payment_terms,
        notes=notes,
        currency=member.firm.currency,
        withholding_percent=withholding_percent,
        created_by=member,
    )
    _write_lines(invoice, InvoiceLine, "invoice", lines)
    invoice.save(update_fields=["net", "tax", "withholding", "total"])
    _record(member, invoice, Verb.INVOICE_CREATED)
    return invoice


def _check_withholding(percent):
    if not ZERO <= Decimal(percent) < 100:
        raise ValidationError(_("A withholding goes from 0 to 99 %."), code="withholding")


@transaction.atomic
def update_invoice(
    *,
    member,
    invoice,
    issue_date: date,
    due_date: date,
    lines: list[LineInput],
    payment_terms="",
    notes="",
    withholding_percent=ZERO,
) -> Invoice:
    """Change a draft. An issued invoice is never edited (B-6): "issued"."""
    check_account(member, invoice.account)
    lock(invoice)
    if invoice.status != Status.DRAFT:
        raise ValidationError(
            _("An issued invoice cannot be changed: issue a credit note to correct it."),
            code="issued",
        )
    check_dates(issue_date, due_date)
    check_lines(member.firm, lines, negative_allowed=invoice.kind == Kind.CREDIT_NOTE)
    _check_withholding(withholding_percent)
    before = _snapshot(invoice)
    invoice.issue_date, invoice.due_date = issue_date, due_date
    invoice.payment_terms, invoice.notes = payment_terms, notes
    invoice.withholding_percent = withholding_percent
    _write_lines(invoice, InvoiceLine, "invoice", lines)
    invoice.save(
        update_fields=[
            "issue_date",
            "due_date",
            "payment_terms",
            "notes",
            "withholding_percent",
            "net",
            "tax",
            "withholding",
            "total",
        ]
    )
    _record(member, invoice, Verb.INVOICE_UPDATED, before=before)
    return invoice


def next_number(firm, code: str, year: int) -> tuple[InvoiceSeries, str]:
    """The next number of the firm's series `code` for `year`, taken under the series' row
    lock (held until the transaction ends): concurrent issuers wait for each other, so the
    numbers are consecutive, without gaps or duplicates (B-6). Call inside a transaction."""
    series, _created = InvoiceSeries.objects.get_or_create(firm=firm, code=code, year=year)
    lock(series)
    series.last += 1
    series.save(update_fields=["last"])
    return series, series.number(series.last)


def issue_invoice(*, member, invoice, channel=Channel.MARKED) -> Invoice:
    """Issue a draft and send it through `channel` (B-1): it takes the next number of its
    series, the client's and the firm's tax ids and addresses are copied, and it is frozen
    from now on (its PDF is rendered per language when first sent or opened, then kept); a
    credit note settles the invoice it
    corrects at once (the rest becomes the client's credit). Refused ("recipients") when an
    email or SMS would reach nobody; AlreadyDone when it was issued meanwhile.

    The number is taken in a short transaction of its own, so the series stays locked only
    while it is written, never while the PDF renders."""
    check_account(member, invoice.account)
    check_issuer(invoice.firm)
    sending.check_reachable(invoice, channel)
    invoice = _issue(member, invoice)
    return send_invoice(member=member, invoice=invoice, channel=channel)


@transaction.atomic
def _issue(member, invoice):
    lock(invoice)
    if invoice.status != Status.DRAFT:
        raise AlreadyDone(_("This invoice was already issued."))
    code = CREDIT_NOTE_SERIES if invoice.kind == Kind.CREDIT_NOTE else ""
    invoice.series, invoice.number = next_number(invoice.firm, code, invoice.issue_date.year)
    _copy_parties(invoice)
    invoice.issued_at = timezone.now()
    invoice.status = Status.PENDING
    fields = [
        "series",
        "number",
        "status",
        "issued_at",
        "client_name",
        "client_tax_id",
        "client_address",
        "firm_name",
        "firm_tax_id",
        "firm_address",
    ]
    invoice.save(update_fields=fields)
    verb = Verb.CREDIT_NOTE_ISSUED if invoice.kind == Kind.CREDIT_NOTE else Verb.INVOICE_ISSUED
    _record(member, invoice, verb)
    if invoice.kind == Kind.CREDIT_NOTE:
        _settle_credit_note(invoice)
    return invoice


def _copy_parties(invoice):
    account, firm = invoice.account, invoice.firm
    invoice.client_name = account.name
    invoice.client_tax_id = queries.account_billing(account).tax_id
    invoice.client_address = "\n".join(account.address_lines)
    invoice.firm_name, invoice.firm_tax_id = firm.name, firm.tax_id
    invoice.firm_address = "\n".join(firm.address_lines)


def _settle_credit_note(note):
    """A credit note (negative total) takes off what is still due on the invoice it corrects;
    what it credits beyond that becomes the client's credit. The note is then settled."""
    credit = -note.total
    original = note.corrects
    if original is not None and credit > 0:
        lock(original)
        applied = min(credit, max(original.due, ZERO))
        if applied > 0:
            Allocation.objects.create(invoice=original, credit_note=note, amount=applied)
            _paid(original, applied)
            credit -= applied
    if credit > 0:
        _add_credit(note.account, credit)
    note.amount_paid = note.total
    note.status = Status.PAID
    note.save(update_fields=["amount_paid", "status"])


def _status_for(invoice) -> str:
    if invoice.amount_paid <= 0:
        return Status.PENDING
    if invoice.amount_paid >= invoice.total:
        return Status.PAID
    return Status.PARTIAL


def _paid(invoice, amount):
    """Add `amount` (negative: take back) to what is paid on the locked `invoice`."""
    invoice.amount_paid += amount
    invoice.status = _status_for(invoice)
    invoice.save(update_fields=["amount_paid", "status"])


def _billing_row(account) -> AccountBilling:
    row, _created = AccountBilling.objects.get_or_create(account=account)
    return lock(row)


def _add_credit(account, amount):
    row = _billing_row(account)
    row.credit += amount
    row.save(update_fields=["credit"])


def send_invoice(*, member, invoice, channel) -> Invoice:
    """Send an issued invoice (again) through `channel`: by email to the contact emails with
    Notify on, each with the stored PDF in their contact's language (rendered now for a
    language it has not been sent or opened in yet), a text by SMS, or nothing
    more for post and marked as sent; the sending is recorded with its channel and
    recipients, and History tells it."""
    check_account(member, invoice.account)
    if invoice.status == Status.DRAFT:
        raise ValidationError(_("Issue the invoice before sending it."), code="draft")
    sending.check_reachable(invoice, channel)
    pdfs = sending.pdfs_for(invoice, channel)
    with transaction.atomic():
        to = sending.deliver(invoice, channel, pdfs)
        Send.objects.create(invoice=invoice, channel=channel, to=to[:300], sent_by=member)
        now = timezone.now()
        Invoice.objects.filter(pk=invoice.pk, sent_at=None).update(sent_at=now)
        invoice.sent_at = invoice.sent_at or now
        _record(
            member,
            invoice,
            Verb.INVOICE_SENT,
            after={**_snapshot(invoice), "channel": channel, "to": to},
        )
    return invoice


@transaction.atomic
def create_credit_note(*, member, invoice, issue_date: date, lines=None, notes="") -> Invoice:
    """A draft credit note correcting the issued `invoice`: by default all its lines with
    their quantities negated (a full correction); `lines` for a partial one."""
    check_account(member, invoice.account)
    if invoice.status == Status.DRAFT or invoice.kind != Kind.INVOICE:
        raise ValidationError(_("Only an issued invoice can be corrected."), code="issued")
    if lines is None:
        lines = [
            LineInput(
                description=line.description,
                quantity=-line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                discount_percent=line.discount_percent,
                tax_rate=line.tax_rate,
            )
            for line in invoice.lines.all()
        ]
    check_lines(member.firm, lines, negative_allowed=True)
    note = Invoice.objects.create(
        firm=invoice.firm,
        account=invoice.account,
        kind=Kind.CREDIT_NOTE,
        corrects=invoice,
        issue_date=issue_date,
        due_date=max(issue_date, invoice.issue_date),
        notes=notes,
        currency=invoice.currency,
        withholding_percent=invoice.withholding_percent,
        created_by=member,
    )
    _write_lines(note, InvoiceLine, "invoice", lines)
    note.save(update_fields=["net", "tax", "withholding", "total"])
    _record(member, note, Verb.INVOICE_CREATED, after={**_snapshot(note), "corrects": invoice.pk})
    return note


# --- Payments and credit --------------------------------------------------------------------------


@transaction.atomic
def record_payment(
    *,
    member,
    account,
    amount: Decimal,
    day: date,
    method: str,
    reference="",
    invoices=(),
    keep_credit=False,
    provider="",
    external_id="",
) -> Payment:
    """A payment of `amount` received on `day`, applied to `invoices` (of `account`; oldest due
    first, each up to what is still due on it). What is left becomes the client's credit when
    `keep_credit`, and is refused otherwise ("amount"): nothing is ever paid beyond what is due.
    `member` is None only for a payment a provider's verified callback reports (`provider`,
    its payment id `external_id`: claims.record_callback)."""
    if member is not None:
        check_account(member, account)
    elif not (provider and external_id):
        raise ValueError("Only a provider's verified callback records a payment without a member.")
    if amount is None or amount <= 0:
        raise ValidationError(_("Enter an amount above zero."), code="amount")
    chosen = sorted((i for i in invoices), key=lambda i: (i.due_date, i.pk))
    if any(i.account_id != account.pk or i.kind != Kind.INVOICE for i in chosen):
        raise ValidationError(_("Choose invoices of this client."), code="invoices")
    payment = Payment.objects.create(
        firm=account.firm,
        account=account,
        date=day,
        amount=amount,
        method=method,
        reference=reference,
        created_by=member,
        provider=provider,
        external_id=external_id,
    )
    left = amount
    for invoice in chosen:
        lock(invoice)
        if invoice.status not in (Status.PENDING, Status.PARTIAL):
            raise ValidationError(
                _("Invoice %(number)s is not awaiting payment.") % {"number": invoice},
                code="invoices",
            )
        applied = min(left, invoice.due)
        if applied <= 0:
            continue
        Allocation.objects.create(invoice=invoice, payment=payment, amount=applied)
        _paid(invoice, applied)
        left -= applied
    if left > 0:
        if not keep_credit:
            raise ValidationError(
                _(
                    "The payment is %(extra)s more than what is due on the chosen invoices: "
                    "keep the rest as the client's credit, or enter a smaller amount."
                )
                % {"extra": format_money(left, account.firm.currency)},
                code="amount",
            )
        payment.to_credit = left
        payment.save(update_fields=["to_credit"])
        _add_credit(account, left)
    record(
        actor=member.user if member else None,
        firm=account.firm,
        account=account,
        verb=Verb.PAYMENT_RECORDED,
        subject=reference or str(amount),
        after={
            "amount": str(amount),
            "method": method,
            "date": day.isoformat(),
            "invoices": [i.number for i in chosen],
            "to_credit": str(payment.to_credit),
            **({"provider": provider, "provider_id": external_id} if provider else {}),
        },
    )
    return payment


@transaction.atomic
def reverse_payment(*, member, payment) -> Payment:
    """Take a payment back (a bounced transfer, a mistake): what it paid on invoices is due
    again and the credit it made is removed; the payment stays, marked reversed. Refused
    ("credit") when the credit it made was already applied elsewhere."""
    check_account(member, payment.account)
    lock(payment)
    if payment.reversed_at is not None:
        raise AlreadyDone(_("This payment was already reversed."))
    if payment.to_credit > 0:
        row = _billing_row(payment.account)
        if row.credit < payment.to_credit:
            raise ValidationError(
                _("The credit this payment made was already applied: reverse that first."),
                code="credit",
            )
        row.credit -= payment.to_credit
        row.save(update_fields=["credit"])
    for allocation in payment.allocations.filter(reversed=False).select_related("invoice"):
        invoice = lock(allocation.invoice)
        _paid(invoice, -allocation.amount)
        allocation.reversed = True
        allocation.save(update_fields=["reversed"])
    payment.reversed_at, payment.reversed_by = timezone.now(), member
    payment.save(update_fields=["reversed_at", "reversed_by"])
    record(
        actor=member.user,
        firm=member.firm,
        account=payment.account,
        verb=Verb.PAYMENT_REVERSED,
        subject=payment.reference or str(payment.amount),
        before={"amount": str(payment.amount), "date": payment.date.isoformat()},
    )
    return payment


@transaction.atomic
def apply_credit(*, member, invoice) -> Decimal:
    """Apply the client's credit to `invoice`, up to what is due on it; returns the amount
    applied. Refused ("credit") when the client has none or nothing is due."""
    check_account(member, invoice.account)
    row = _billing_row(invoice.account)
    lock(invoice)
    if invoice.status not in (Status.PENDING, Status.PARTIAL) or invoice.kind != Kind.INVOICE:
        raise ValidationError(_("This invoice is not awaiting payment."), code="credit")
    applied = min(row.credit, invoice.due)
    if applied <= 0:
        raise ValidationError(_("This client has no credit."), code="credit")
    row.credit -= applied
    row.save(update_fields=["credit"])
    Allocation.objects.create(invoice=invoice, amount=applied)
    _paid(invoice, applied)
    _record(
        member, invoice, Verb.CREDIT_APPLIED, after={**_snapshot(invoice), "applied": str(applied)}
    )
    return applied


@transaction.atomic
def set_tax_id(*, member, account, tax_id: str) -> AccountBilling:
    """The client's tax id, copied onto their invoices when issued."""
    check_account(member, account)
    row = _billing_row(account)
    row.tax_id = tax_id.strip()
    row.save(update_fields=["tax_id"])
    return row


# --- Estimates ------------------------------------------------------------------------------------


@transaction.atomic
def create_estimate(
    *,
    member,
    account,
    issue_date: date,
    expiry_date: date,
    lines: list[LineInput],
    notes="",
    withholding_percent=ZERO,
) -> Estimate:
    """A draft estimate for `account`, valid until `expiry_date`."""
    check_account(member, account)
    _check_estimate(member.firm, issue_date, expiry_date, lines, withholding_percent)
    estimate = Estimate.objects.create(
        firm=member.firm,
        account=account,
        issue_date=issue_date,
        expiry_date=expiry_date,
        notes=notes,
        currency=member.firm.currency,
        withholding_percent=withholding_percent,
        created_by=member,
    )
    _write_lines(estimate, EstimateLine, "estimate", lines)
    estimate.save(update_fields=["net", "tax", "withholding", "total"])
    _record(member, estimate, Verb.ESTIMATE_CREATED)
    return estimate


def _check_estimate(firm, issue_date, expiry_date, lines, withholding_percent):
    if expiry_date < issue_date:
        raise ValidationError(
            _("The expiry date cannot be before the issue date."), code="expiry_date"
        )
    check_lines(firm, lines, estimate=True)
    _check_withholding(withholding_percent)


def _lock_draft_estimate(estimate):
    """Lock `estimate`, refused ("sent") unless it is still a draft: once sent, the client
    has it as it was."""
    lock(estimate)
    if estimate.status != EstimateStatus.DRAFT:
        raise ValidationError(
            _("A sent estimate cannot be changed or deleted."),
            code="sent",
        )


@transaction.atomic
def update_estimate(
    *,
    member,
    estimate,
    issue_date: date,
    expiry_date: date,
    lines: list[LineInput],
    notes="",
    withholding_percent=ZERO,
) -> Estimate:
    """Change a draft estimate (refused, "sent", once it was sent)."""
    check_account(member, estimate.account)
    _lock_draft_estimate(estimate)
    _check_estimate(member.firm, issue_date, expiry_date, lines, withholding_percent)
    before = _snapshot(estimate)
    estimate.issue_date, estimate.expiry_date = issue_date, expiry_date
    estimate.notes, estimate.withholding_percent = notes, withholding_percent
    _write_lines(estimate, EstimateLine, "estimate", lines)
    estimate.save(
        update_fields=[
            "issue_date",
            "expiry_date",
            "notes",
            "withholding_percent",
            "net",
            "tax",
            "withholding",
            "total",
        ]
    )
    _record(member, estimate, Verb.ESTIMATE_UPDATED, before=before)
    return estimate


@transaction.atomic
def delete_estimate(*, member, estimate) -> None:
    """Delete a draft estimate and its lines (refused, "sent", once it was sent); History
    keeps what it was."""
    check_account(member, estimate.account)
    _lock_draft_estimate(estimate)
    _record(member, estimate, Verb.ESTIMATE_DELETED, before=_snapshot(estimate), after={})
    estimate.delete()


def send_estimate(*, member, estimate, channel=Channel.MARKED) -> Estimate:
    """Send a draft estimate (by email with its PDF, by SMS, by post or marked as sent): it
    now awaits the client's answer (Outstanding)."""
    check_account(member, estimate.account)
    sending.check_reachable(estimate, channel)
    pdfs = sending.pdfs_for(estimate, channel)
    return _send_estimate(member, estimate, channel, pdfs)


@transaction.atomic
def _send_estimate(member, estimate, channel, pdfs):
    lock(estimate)
    if estimate.status != EstimateStatus.DRAFT:
        raise AlreadyDone(_("This estimate was already sent."))
    estimate.status = EstimateStatus.OUTSTANDING
    estimate.save(update_fields=["status"])
    to = sending.deliver(estimate, channel, pdfs)
    Send.objects.create(estimate=estimate, channel=channel, to=to[:300], sent_by=member)
    _record(member, estimate, Verb.ESTIMATE_SENT, after={**_snapshot(estimate), "channel": channel})
    return estimate


def answer_estimate(*, estimate, accepted: bool, comment="", member=None, user=None):
    """The client's answer to an estimate awaiting it: by staff on the client's behalf
    (`member`, who must manage billing) or by the client in the portal (`user`, whose access
    the portal checked). AlreadyDone when it was answered meanwhile."""
    if member is not None:
        check_account(member, estimate.account)
    return _answer(estimate, accepted, comment, actor=member.user if member else user)


@transaction.atomic
def _answer(estimate, accepted, comment, actor):
    lock(estimate)
    if estimate.status != EstimateStatus.OUTSTANDING:
        raise AlreadyDone(_("This estimate was already answered."))
    before = _snapshot(estimate)
    estimate.status = EstimateStatus.ACCEPTED if accepted else EstimateStatus.REJECTED
    estimate.answer_comment = comment.strip()
    estimate.answered_at = timezone.now()
    estimate.save(update_fields=["status", "answer_comment", "answered_at"])
    verb = Verb.ESTIMATE_ACCEPTED if accepted else Verb.ESTIMATE_REJECTED
    record(
        actor=actor,
        firm=estimate.firm,
        account=estimate.account,
        verb=verb,
        subject=estimate,
        before=before,
        after={**_snapshot(estimate), "comment": estimate.answer_comment},
    )
    return estimate


@transaction.atomic
def invoice_estimate(*, member, estimate, issue_date: date) -> Invoice:
    """An accepted estimate becomes a draft invoice with its lines (B-4), once."""
    check_account(member, estimate.account)
    lock(estimate)
    if estimate.invoice_id is not None:
        raise AlreadyDone(_("This estimate already has its invoice."))
    if estimate.status != EstimateStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted estimate becomes an invoice."), code="status")
    days = queries.settings_of(member.firm).payment_days
    invoice = create_invoice(
        member=member,
        account=estimate.account,
        issue_date=issue_date,
        due_date=date.fromordinal(issue_date.toordinal() + days),
        lines=[
            LineInput(
                description=line.description,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                discount_percent=line.discount_percent,
                tax_rate=line.tax_rate,
            )
            for line in estimate.lines.all()
        ],
        notes=estimate.notes,
        withholding_percent=estimate.withholding_percent,
    )
    estimate.invoice = invoice
    estimate.save(update_fields=["invoice"])
    _record(
        member,
        estimate,
        Verb.ESTIMATE_INVOICED,
        after={**_snapshot(estimate), "invoice": invoice.pk},
    )
    return invoice


# --- Settings -------------------------------------------------------------------------------------


@transaction.atomic
def set_period(*, member, period: str) -> MemberBilling:
    """The member's period for the summary blocks: current year or all time (B-2)."""
    require(member, Right.MANAGE_BILLING)
    if period not in Period.values:
        raise ValidationError(_("Choose the current year or all time."), code="period")
    row, _created = MemberBilling.objects.update_or_create(
        member=member, defaults={"period": period}
    )
    return row

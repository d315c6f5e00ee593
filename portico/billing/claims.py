"""Payments the client announces (A-7: "I've paid" through the bank-transfer provider), staff
confirming or dismissing them, payments a provider's verified callback reports, and the firm's
billing settings: keyword-only writes in one transaction with their History event, as in
billing.actions."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portico.billing.actions import ZERO, _record, check_account, record_payment
from portico.billing.models import (
    BillingSettings,
    ClaimStatus,
    Kind,
    Method,
    Payment,
    PaymentClaim,
    Status,
    Verb,
)
from portico.core.history import record
from portico.core.locking import AlreadyDone, lock
from portico.core.rights import Right, require


@transaction.atomic
def claim_payment(*, invoice, provider: str, user=None, email="") -> PaymentClaim:
    """The client says they paid `invoice` (in the portal, or through a link without sign-in
    whose access the caller checked): a claim of what is due, for staff to confirm. One open
    claim per invoice: a second click is told it was already said."""
    lock(invoice)
    if invoice.status not in (Status.PENDING, Status.PARTIAL) or invoice.kind != Kind.INVOICE:
        raise ValidationError(_("This invoice is not awaiting payment."), code="status")
    if invoice.claims.filter(status=ClaimStatus.CLAIMED).exists():
        raise AlreadyDone(_("You already told us this invoice is paid: the firm will confirm it."))
    claim = PaymentClaim.objects.create(
        invoice=invoice, amount=invoice.due, provider=provider, claimed_by=user, claimed_email=email
    )
    record(
        actor=user,
        firm=invoice.firm,
        account=invoice.account,
        verb=Verb.PAYMENT_CLAIMED,
        subject=invoice,
        after={"amount": str(claim.amount), "provider": provider, "email": email},
    )
    return claim


@transaction.atomic
def record_callback(*, provider: str, callback) -> Payment | None:
    """The payment a provider's *verified* callback reports (providers.Callback): applied to
    its invoice up to what is still due, the rest (or all of it, when the invoice is no
    longer awaiting payment) kept as the client's credit, since the money was received.
    None when the provider's payment id was already recorded: a retried callback writes
    nothing."""
    invoice = callback.invoice
    lock(invoice)
    done = Payment.objects.filter(
        firm=invoice.firm, provider=provider, external_id=callback.external_id
    )
    if done.exists():
        return None
    payable = invoice.status in (Status.PENDING, Status.PARTIAL)
    return record_payment(
        member=None,
        account=invoice.account,
        amount=callback.amount,
        day=callback.day,
        method=Method.CARD,
        reference=invoice.number,
        invoices=[invoice] if payable else [],
        keep_credit=True,
        provider=provider,
        external_id=callback.external_id,
    )


@transaction.atomic
def confirm_claim(*, member, claim, day: date) -> Payment:
    """Staff received what the client announced: the payment is recorded on the invoice (up to
    what is still due) and the claim closed."""
    check_account(member, claim.invoice.account)
    lock(claim)
    if claim.status != ClaimStatus.CLAIMED:
        raise AlreadyDone(_("This announced payment was already handled."))
    invoice = claim.invoice
    lock(invoice)
    amount = min(claim.amount, invoice.due)
    if amount <= 0:
        raise ValidationError(_("Nothing is due on this invoice any more."), code="amount")
    payment = record_payment(
        member=member,
        account=invoice.account,
        amount=amount,
        day=day,
        method=Method.TRANSFER,
        reference=invoice.number,
        invoices=[invoice],
    )
    claim.status, claim.payment = ClaimStatus.CONFIRMED, payment
    claim.save(update_fields=["status", "payment"])
    _record(member, invoice, Verb.CLAIM_CONFIRMED)
    return payment


@transaction.atomic
def dismiss_claim(*, member, claim) -> PaymentClaim:
    """Staff did not receive what the client announced: the claim is closed, nothing paid."""
    check_account(member, claim.invoice.account)
    lock(claim)
    if claim.status != ClaimStatus.CLAIMED:
        raise AlreadyDone(_("This announced payment was already handled."))
    claim.status = ClaimStatus.DISMISSED
    claim.save(update_fields=["status"])
    _record(member, claim.invoice, Verb.CLAIM_DISMISSED)
    return claim


@transaction.atomic
def save_settings(
    *, member, tax_rates: list[str], iban: str, bic: str, payment_days: int, pay_links: bool
) -> BillingSettings:
    """The firm's billing settings (owners, admins, *manage billing*): its tax rates (each a
    percentage from 0 to 100, at least one), bank details, payment term, links without sign-in."""
    require(member, Right.MANAGE_BILLING)
    rates = []
    for text in tax_rates:
        try:
            rate = Decimal(str(text)).normalize()
        except InvalidOperation:
            rate = None
        if rate is None or not ZERO <= rate <= 100:
            raise ValidationError(
                _("“%(rate)s” is not a tax rate from 0 to 100.") % {"rate": text}, code="tax_rates"
            )
        if rate not in rates:
            rates.append(rate)
    if not rates:
        raise ValidationError(_("Keep at least one tax rate."), code="tax_rates")
    row, _created = BillingSettings.objects.get_or_create(firm=member.firm)
    before = {"tax_rates": row.tax_rates, "iban": row.iban, "pay_links": row.pay_links}
    row.tax_rates = [format(r, "f") for r in sorted(rates, reverse=True)]
    row.iban = "".join(iban.split()).upper()
    row.bic = bic.strip().upper()
    row.payment_days = payment_days
    row.pay_links = pay_links
    row.save()
    record(
        actor=member.user,
        firm=member.firm,
        verb=Verb.SETTINGS_CHANGED,
        subject=gettext_lazy("Billing settings"),
        before=before,
        after={"tax_rates": row.tax_rates, "iban": row.iban, "pay_links": row.pay_links},
    )
    return row

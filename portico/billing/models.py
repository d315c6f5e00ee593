"""Billing (B-1 … B-6): invoices and credit notes with their lines, numbering series, payments
allocated to invoices, the client's credit, estimates, and each member's period setting.

Money columns are Decimal with two places in the firm's currency. An invoice's totals are
computed by money.totals when its lines are saved and stored on the row, so a client's summary
blocks are one aggregate over its invoices (the firm-wide ones read InvoiceTally, kept by
billing/tallies.py's triggers). `amount_paid` (payments, credit and credit notes allocated to
it) is kept by billing.actions under the invoice's row lock, and `status` follows from it; only
Overdue depends on the date (a sent invoice past its due date in the firm's time zone and not
fully paid), so it is computed when read, never stored."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portico.clients.models import ClientAccount
from portico.firms.models import Firm, Member

AMOUNT = {"max_digits": 14, "decimal_places": 2}
# What the Invoices blocks of an account read (the firm-wide ones: firm instead of account).
BLOCK_COLUMNS = ["account", "issue_date", "status", "due_date", "total", "amount_paid"]
ZERO = Decimal("0.00")


class Status(models.TextChoices):
    """What an invoice's blocks count it as (B-2); OVERDUE is never stored (see module)."""

    DRAFT = "draft", pgettext_lazy("invoice", "Draft")
    PENDING = "pending", pgettext_lazy("invoice", "Pending")
    PARTIAL = "partial", pgettext_lazy("invoice", "Partial")
    PAID = "paid", pgettext_lazy("invoice", "Paid")
    OVERDUE = "overdue", pgettext_lazy("invoice", "Overdue")


class Kind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class Channel(models.TextChoices):
    EMAIL = "email", pgettext_lazy("channel", "Email")
    SMS = "sms", _("SMS")
    POST = "post", _("Post")
    MARKED = "marked", _("Marked as sent")


class Method(models.TextChoices):
    TRANSFER = "transfer", _("Bank transfer")
    CARD = "card", _("Card")
    CASH = "cash", _("Cash")
    DIRECT_DEBIT = "direct_debit", _("Direct debit")
    OTHER = "other", pgettext_lazy("payment method", "Other")


class EstimateStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("estimate", "Draft")
    OUTSTANDING = "outstanding", pgettext_lazy("estimate", "Awaiting acceptance")
    ACCEPTED = "accepted", pgettext_lazy("estimate", "Accepted")
    REJECTED = "rejected", pgettext_lazy("estimate", "Rejected")


class Period(models.TextChoices):
    YEAR = "year", _("Current year")
    ALL = "all", _("All time")


class Verb(models.TextChoices):
    """History verbs of billing (registered as core.registry.HistoryVerb)."""

    INVOICE_CREATED = "invoice.created", _("created a draft invoice")
    INVOICE_UPDATED = "invoice.updated", _("changed a draft invoice")
    INVOICE_ISSUED = "invoice.issued", _("issued an invoice")
    INVOICE_SENT = "invoice.sent", _("sent an invoice")
    CREDIT_NOTE_ISSUED = "invoice.credit_note", _("issued a credit note")
    PAYMENT_RECORDED = "payment.recorded", _("recorded a payment")
    PAYMENT_REVERSED = "payment.reversed", _("reversed a payment")
    CREDIT_APPLIED = "credit.applied", _("applied the client's credit to an invoice")
    ESTIMATE_CREATED = "estimate.created", _("created an estimate")
    ESTIMATE_UPDATED = "estimate.updated", _("changed a draft estimate")
    ESTIMATE_DELETED = "estimate.deleted", _("deleted a draft estimate")
    ESTIMATE_SENT = "estimate.sent", _("sent an estimate")
    ESTIMATE_ACCEPTED = "estimate.accepted", _("recorded an estimate as accepted")
    ESTIMATE_REJECTED = "estimate.rejected", _("recorded an estimate as rejected")
    ESTIMATE_INVOICED = "estimate.invoiced", _("made an invoice from an estimate")
    SETTINGS_CHANGED = "billing.settings", _("changed the billing settings")
    PAYMENT_CLAIMED = "payment.claimed", _("said an invoice is paid")
    CLAIM_CONFIRMED = "payment.claim_confirmed", _("confirmed a payment the client announced")
    CLAIM_DISMISSED = "payment.claim_dismissed", _("did not receive a payment the client announced")


class BillingSettings(models.Model):
    """A firm's billing settings: its tax rates (percent, as text: "21", "5.5"), the payment
    instructions its invoices print (IBAN, BIC) and the default payment term."""

    firm = models.OneToOneField(Firm, on_delete=models.CASCADE, related_name="billing")
    tax_rates = models.JSONField(_("tax rates"), default=list)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    payment_days = models.PositiveSmallIntegerField(_("payment term in days"), default=30)
    pay_links = models.BooleanField(
        _("invoices can be paid without signing in"),
        default=False,
        help_text=_(
            "Invoice emails carry a link, valid as long as the portal's links without sign-in, "
            "that shows the invoice and how to pay it (A-8)."
        ),
    )

    class Meta:
        verbose_name = _("billing settings")
        verbose_name_plural = _("billing settings")

    def __str__(self):
        return str(self.firm)


class AccountBilling(models.Model):
    """What billing keeps per client account: its tax id (copied onto each invoice at issue)
    and its credit (overpayments and credit notes not yet applied), changed under a row lock."""

    account = models.OneToOneField(ClientAccount, on_delete=models.CASCADE, related_name="billing")
    tax_id = models.CharField(_("tax id"), max_length=32, blank=True)
    credit = models.DecimalField(_("credit"), default=ZERO, **AMOUNT)

    class Meta:
        verbose_name = _("client billing")
        verbose_name_plural = _("client billing")
        constraints = [
            models.CheckConstraint(condition=Q(credit__gte=0), name="billing_credit_not_negative")
        ]

    def __str__(self):
        return str(self.account)


class InvoiceSeries(models.Model):
    """One numbering sequence per firm, series code and year: issuing takes `last + 1` under
    the row's lock, so numbers are consecutive without gaps or duplicates (B-6)."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("series"), max_length=8, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("invoice series")
        verbose_name_plural = _("invoice series")
        constraints = [
            models.UniqueConstraint("firm", "code", "year", name="series_unique_per_year")
        ]

    def __str__(self):
        return f"{self.code}{self.year}"

    def number(self, n: int) -> str:
        """The invoice number `n` of this series: "2026-0001", "R2026-0001"."""
        return f"{self.code}{self.year}-{n:04d}"


class Priced(models.Model):
    """What invoices and estimates share: the client, dates, notes and stored totals."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(
        ClientAccount, on_delete=models.CASCADE, related_name="+", verbose_name=_("client")
    )
    issue_date = models.DateField(_("issue date"))
    notes = models.TextField(_("notes"), blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    withholding_percent = models.DecimalField(
        _("withholding (%)"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(0)],
    )
    net = models.DecimalField(_("net"), default=ZERO, **AMOUNT)
    tax = models.DecimalField(_("tax"), default=ZERO, **AMOUNT)
    withholding = models.DecimalField(_("withholding"), default=ZERO, **AMOUNT)
    total = models.DecimalField(_("total"), default=ZERO, **AMOUNT)
    created_by = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True


class Invoice(Priced):
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.INVOICE)
    # RESTRICT, not PROTECT: an invoice stays while a credit note corrects it, but a client
    # deleted with both (clients.actions.delete_account) takes them together.
    corrects = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("corrects"),
    )
    series = models.ForeignKey(InvoiceSeries, on_delete=models.PROTECT, null=True, blank=True)
    number = models.CharField(_("number"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    due_date = models.DateField(_("due date"))
    payment_terms = models.CharField(_("payment terms"), max_length=200, blank=True)
    amount_paid = models.DecimalField(_("paid"), default=ZERO, **AMOUNT)
    # Copied when issued (B-1): what the invoice says even if the client or firm change later.
    client_name = models.CharField(max_length=200, blank=True)
    client_tax_id = models.CharField(max_length=32, blank=True)
    client_address = models.TextField(blank=True)
    firm_name = models.CharField(max_length=200, blank=True)
    firm_tax_id = models.CharField(max_length=32, blank=True)
    firm_address = models.TextField(blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        indexes = [
            # The profile's list and blocks, the firm-wide page's keyset pages.
            models.Index(fields=["account", "issue_date", "id"], name="invoice_account_date"),
            models.Index(fields=["firm", "issue_date", "id"], name="invoice_firm_date"),
            models.Index(fields=["firm", "status", "due_date"], name="invoice_firm_status"),
            # The summary blocks (queries.invoice_blocks) read only these columns: covering
            # indexes answer them without visiting the table rows (the firm-wide aggregate over
            # a year's 170,000 invoices: 261 → 158 ms on SQLite at 4.5× the CPU reference).
            models.Index(fields=BLOCK_COLUMNS, name="invoice_account_blocks"),
            models.Index(fields=["firm", *BLOCK_COLUMNS[1:]], name="invoice_firm_blocks"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=F("issue_date")), name="invoice_due_after_issue"
            ),
            models.UniqueConstraint(
                "series", "number", condition=~Q(number=""), name="invoice_number_unique"
            ),
        ]

    def __str__(self):
        return self.number or str(_("Draft invoice"))

    @property
    def due(self) -> Decimal:
        """What is left to pay (negative for a credit note not yet settled)."""
        return self.total - self.amount_paid

    def shown_status(self, today) -> str:
        """The status to show on `today` (the firm's local date): Overdue for a sent invoice
        past its due date that is not fully paid."""
        if self.status in (Status.PENDING, Status.PARTIAL) and self.due_date < today:
            return Status.OVERDUE
        return self.status


class InvoiceTally(models.Model):
    """A firm's invoices of one year of issue, status and due date: how many, the sum of their
    totals and of what was paid, in cents. Kept by database triggers (billing/tallies.py) for
    the firm-wide Billing page's blocks; never written by the application."""

    firm = models.ForeignKey(
        Firm, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    year = models.SmallIntegerField()
    status = models.CharField(max_length=8, choices=Status.choices)
    due_date = models.DateField()
    invoices = models.IntegerField(default=0)
    total_cents = models.BigIntegerField(default=0)
    paid_cents = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("invoice tally")
        verbose_name_plural = _("invoice tallies")
        constraints = [
            # ON CONFLICT of the triggers' upsert names these columns
            models.UniqueConstraint(
                fields=["firm", "year", "status", "due_date"], name="invoice_tally_key"
            )
        ]

    def __str__(self):
        return f"{self.firm_id} {self.year} {self.status} {self.due_date}: {self.invoices}"


class Line(models.Model):
    """A line of an invoice or estimate: quantity × unit price less the discount, at a rate."""

    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=4)
    discount_percent = models.DecimalField(
        _("discount (%)"), max_digits=5, decimal_places=2, default=ZERO
    )
    tax_rate = models.DecimalField(_("tax rate (%)"), max_digits=5, decimal_places=2)
    net = models.DecimalField(_("net"), **AMOUNT)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class InvoiceLine(Line):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")

    class Meta(Line.Meta):
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")

    def __str__(self):
        return self.description


class InvoicePdf(models.Model):
    """An issued invoice's PDF in one language (B-5), rendered the first time it is sent or
    opened in that language and kept: the stored PDF is what was sent. An email to contacts
    of two languages stores two."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="pdfs")
    language = models.CharField(_("language"), max_length=2)
    file = models.FileField(upload_to="invoices/%Y/%m/")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invoice PDF")
        verbose_name_plural = _("invoice PDFs")
        constraints = [
            models.UniqueConstraint("invoice", "language", name="invoice_pdf_per_language")
        ]

    def __str__(self):
        return f"{self.invoice} ({self.language})"


class Send(models.Model):
    """One sending of an invoice or estimate and its channel (B-1)."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, null=True, blank=True, related_name="sends"
    )
    estimate = models.ForeignKey(
        "Estimate", on_delete=models.CASCADE, null=True, blank=True, related_name="sends"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    to = models.CharField(_("to"), max_length=300, blank=True)
    sent_by = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("sending")
        verbose_name_plural = _("sendings")

    def __str__(self):
        return self.channel


class Payment(models.Model):
    """Money received from a client (B-3): allocated to invoices, the rest to the client's
    credit. Reversed, never deleted: a reversal takes back its allocations and its credit."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(
        ClientAccount, on_delete=models.CASCADE, related_name="+", verbose_name=_("client")
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **AMOUNT)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    to_credit = models.DecimalField(_("to credit"), default=ZERO, **AMOUNT)
    # A payment a provider's verified callback recorded: its key and its own payment id,
    # recorded once (a retried callback finds it).
    provider = models.CharField(_("paid through"), max_length=40, blank=True)
    external_id = models.CharField(_("provider's payment id"), max_length=100, blank=True)
    reversed_at = models.DateTimeField(_("reversed"), null=True, blank=True)
    reversed_by = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [
            models.Index(fields=["account", "date", "id"], name="payment_account_date"),
            models.Index(fields=["firm", "date", "id"], name="payment_firm_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive"),
            models.UniqueConstraint(
                "firm",
                "provider",
                "external_id",
                condition=~Q(external_id=""),
                name="payment_external_id_once",
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.amount}"


class Allocation(models.Model):
    """An amount settled on an invoice: from a payment, from the client's credit (payment
    None), or a credit note settling the invoice it corrects (`credit_note`)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="allocations")
    payment = models.ForeignKey(
        Payment, on_delete=models.CASCADE, null=True, blank=True, related_name="allocations"
    )
    credit_note = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    amount = models.DecimalField(_("amount"), **AMOUNT)
    reversed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")

    def __str__(self):
        return f"{self.invoice_id}: {self.amount}"


class Estimate(Priced):
    status = models.CharField(
        _("status"), max_length=12, choices=EstimateStatus.choices, default=EstimateStatus.DRAFT
    )
    expiry_date = models.DateField(_("expires on"))
    answer_comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    invoice = models.OneToOneField(
        Invoice, on_delete=models.SET_NULL, null=True, blank=True, related_name="estimate"
    )

    class Meta:
        verbose_name = _("estimate")
        verbose_name_plural = _("estimates")
        indexes = [
            models.Index(fields=["account", "issue_date", "id"], name="estimate_account_date"),
            # Covers the Estimates blocks (queries.estimate_blocks).
            models.Index(fields=["account", "status", "total"], name="estimate_account_blocks"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expiry_date__gte=F("issue_date")), name="estimate_expiry_after_issue"
            ),
        ]

    def __str__(self):
        return f"{_('Estimate')} {self.pk}"


class EstimateLine(Line):
    estimate = models.ForeignKey(Estimate, on_delete=models.CASCADE, related_name="lines")

    class Meta(Line.Meta):
        verbose_name = _("estimate line")
        verbose_name_plural = _("estimate lines")

    def __str__(self):
        return self.description


class MemberBilling(models.Model):
    """A member's billing preference: the period the summary blocks count (B-2)."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="billing")
    period = models.CharField(
        _("invoice figures for"), max_length=4, choices=Period.choices, default=Period.YEAR
    )

    class Meta:
        verbose_name = _("member billing preference")
        verbose_name_plural = _("member billing preferences")

    def __str__(self):
        return str(self.member)


class ClaimStatus(models.TextChoices):
    CLAIMED = "claimed", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Not received")


class PaymentClaim(models.Model):
    """A client's "I've paid" for an invoice (the bank-transfer provider, A-7): nothing is
    paid until staff confirm they received it, which records the Payment."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="claims")
    amount = models.DecimalField(_("amount"), **AMOUNT)
    provider = models.CharField(_("paid through"), max_length=40)
    claimed_by = models.ForeignKey(
        "firms.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claimed_email = models.CharField(_("email"), max_length=254, blank=True)
    claimed_at = models.DateTimeField(pgettext_lazy("payment", "claimed"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.CLAIMED
    )
    payment = models.OneToOneField(
        Payment, on_delete=models.SET_NULL, null=True, blank=True, related_name="claim"
    )

    class Meta:
        verbose_name = _("payment claim")
        verbose_name_plural = _("payment claims")

    def __str__(self):
        return f"{self.invoice} {self.amount}"

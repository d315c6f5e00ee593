"""A client company's wallet and expenses (E-1 … E-4), and the per-account summary the Clients
page and the digests read instead of counting expenses."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portico.clients.models import ClientAccount
from portico.firms.models import Firm


class Category(models.TextChoices):
    TRAVEL = "travel", _("Travel")
    MEALS = "meals", _("Meals and entertainment")
    FUEL = "fuel", _("Fuel and parking")
    SUPPLIES = "supplies", _("Office supplies")
    SOFTWARE = "software", _("Software and subscriptions")
    PHONE = "phone", _("Phone and internet")
    OTHER = "other", _("Other")


class ExpenseSummary(models.Model):
    """What one account's expenses add up to, kept by every expense action in its transaction, so
    that lists of 100,000 accounts show, filter and sort by it without counting expenses."""

    account = models.OneToOneField(
        ClientAccount, on_delete=models.CASCADE, primary_key=True, related_name="expense_summary"
    )
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    missing_receipts = models.PositiveIntegerField(_("missing receipts"), default=0)
    ready_to_export = models.PositiveIntegerField(_("ready to export"), default=0)
    has_wallet = models.BooleanField(_("wallet"), default=False)
    wallet_balance = models.DecimalField(
        _("wallet balance"), max_digits=14, decimal_places=2, default=0
    )
    wallet_currency = models.CharField(_("wallet currency"), max_length=3, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("expense summary")
        verbose_name_plural = _("expense summaries")
        indexes = [
            models.Index(fields=["firm", "-missing_receipts"], name="expense_summary_missing"),
        ]

    def __str__(self):
        return str(self.account)


class TopUp(models.Model):
    """Money the client put into its wallet."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(ClientAccount, on_delete=models.CASCADE, related_name="top_ups")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    booked_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("top-up")
        verbose_name_plural = _("top-ups")
        ordering = ["-booked_on", "-id"]

    def __str__(self):
        return f"{self.account} +{self.amount} {self.currency}"


class ExpenseExport(models.Model):
    """One export of ready expenses: the file is kept so that it can be downloaded again."""

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        JOURNAL = "journal", _("Accounting journal (CSV)")

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(ClientAccount, on_delete=models.CASCADE, related_name="exports")
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    content = models.TextField(_("content"))
    count = models.PositiveIntegerField(_("expenses"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("expense export")
        verbose_name_plural = _("expense exports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.filename

    @property
    def filename(self):
        stamp = self.created_at.strftime("%Y%m%d-%H%M%S")
        return f"expenses-{self.account_id}-{stamp}-{self.format}.csv"


def receipt_path(expense, filename):
    """A random name: the client's file name never reaches the disk."""
    extension = {"application/pdf": "pdf", "image/png": "png", "image/webp": "webp"}.get(
        expense.receipt_type, "jpg"
    )
    return f"receipts/{expense.firm_id}/{secrets.token_hex(16)}.{extension}"


class Expense(models.Model):
    class State(models.TextChoices):
        MISSING_RECEIPT = "missing_receipt", _("Missing receipt")
        NEEDS_CATEGORY = "needs_category", _("Needs a category")
        READY = "ready", _("Ready to export")
        EXPORTED = "exported", _("Exported")

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(ClientAccount, on_delete=models.CASCADE, related_name="expenses")
    spent_on = models.DateField(_("date"))
    merchant = models.CharField(_("merchant"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Paid from the wallet: the account had a wallet in this currency when it was recorded.
    from_wallet = models.BooleanField(_("paid from the wallet"), default=False)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.MISSING_RECEIPT
    )
    receipt = models.FileField(_("receipt"), upload_to=receipt_path, blank=True)
    receipt_type = models.CharField(max_length=40, blank=True)
    receipt_added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    receipt_added_at = models.DateTimeField(_("receipt added"), null=True, blank=True)
    export = models.ForeignKey(
        ExpenseExport, on_delete=models.SET_NULL, null=True, blank=True, related_name="expenses"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["-spent_on", "-id"]
        indexes = [
            models.Index(fields=["account", "state", "-spent_on"], name="expense_account_state"),
            models.Index(fields=["account", "-spent_on", "-id"], name="expense_account_date"),
        ]

    def __str__(self):
        return f"{self.spent_on} {self.merchant} {self.amount} {self.currency}"

    def current_state(self):
        """E-2: no receipt → missing; receipt and category → ready; once exported, exported."""
        if self.export_id:
            return self.State.EXPORTED
        if not self.receipt:
            return self.State.MISSING_RECEIPT
        if not self.category:
            return self.State.NEEDS_CATEGORY
        return self.State.READY

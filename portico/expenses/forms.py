"""Forms of the workspace's expense sections. They check input; actions.py does the writing."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portico.core import uploads
from portico.core.forms import DateField, DecimalField
from portico.expenses import imports, receipts
from portico.expenses.models import Category, Expense, ExpenseExport

STATE_FILTERS = [("", _("All expenses")), *Expense.State.choices]
CATEGORY_CHOICES = [("", _("No category yet")), *Category.choices]
SMALLEST = Decimal("0.01")


class StateFilterForm(forms.Form):
    """The workspace URL's ?state=…; anything unknown shows every expense."""

    state = forms.ChoiceField(required=False, choices=STATE_FILTERS, label=_("State"))

    def state_value(self):
        return self.cleaned_data.get("state", "") if self.is_valid() else ""


class ExpenseForm(forms.Form):
    spent_on = DateField(label=_("Date"))
    merchant = forms.CharField(label=_("Merchant"), max_length=200)
    amount = DecimalField(label=_("Amount"), max_digits=12, decimal_places=2, min_value=SMALLEST)
    currency = forms.RegexField(
        label=_("Currency"),
        regex=r"^[A-Za-z]{3}$",
        error_messages={"invalid": _("Use a three-letter currency code, for example EUR.")},
    )
    category = forms.ChoiceField(label=_("Category"), choices=CATEGORY_CHOICES, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def clean_currency(self):
        return self.cleaned_data["currency"].upper()


class ReceiptForm(forms.Form):
    receipt = forms.FileField(label=_("Receipt (PDF or image)"))
    category = forms.ChoiceField(label=_("Category"), choices=CATEGORY_CHOICES, required=False)

    def clean_receipt(self):
        upload = self.cleaned_data["receipt"]
        receipts.content_type_of(upload)
        return upload


class CategoryForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"),
        choices=CATEGORY_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Choose a category from the list.")},
    )


class TopUpForm(forms.Form):
    amount = DecimalField(label=_("Amount"), max_digits=12, decimal_places=2, min_value=SMALLEST)
    booked_on = DateField(label=_("Date"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ImportForm(forms.Form):
    """Step one: a file, read in a dry run. Step two sends the same text back to import it."""

    file = forms.FileField(label=_("Card or bank export (CSV)"), required=False)
    text = forms.CharField(required=False, widget=forms.HiddenInput)
    filename = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("text"):
            raise ValidationError(_("Choose a CSV file to import."))
        return data

    def content(self) -> tuple[bytes, str]:
        if upload := self.cleaned_data.get("file"):
            content = uploads.read_limited(upload, imports.LIMITS.size)
            return content, uploads.display_name(upload.name)
        return self.cleaned_data["text"].encode(), self.cleaned_data.get("filename", "")


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=ExpenseExport.Format.choices)

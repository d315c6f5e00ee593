"""Billing's forms: an invoice or estimate with its lines (a formset: "Add line" is a submit
button, so it works without JavaScript), a payment, the period switch, the transactions
filter. Every amount, quantity and percentage is read by core.forms.DecimalField."""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portico.billing import queries
from portico.billing.actions import LineInput
from portico.billing.models import Channel, Method, Period
from portico.core import ids
from portico.core.forms import DateField, DecimalField
from portico.core.numbers import format_number

MAX_LINES = 100


class LineForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = DecimalField(label=_("Quantity"), max_digits=12, decimal_places=3)
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    unit_price = DecimalField(label=_("Unit price"), max_digits=14, decimal_places=4)
    discount_percent = DecimalField(
        label=_("Discount (%)"), max_digits=5, decimal_places=2, required=False
    )
    tax_rate = forms.ChoiceField(label=_("Tax rate"))

    def __init__(self, *args, rates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tax_rate"].choices = [(str(r), f"{format_number(r)} %") for r in rates]

    def line(self) -> LineInput:
        data = self.cleaned_data
        return LineInput(
            description=data["description"],
            quantity=data["quantity"],
            unit=data.get("unit", ""),
            unit_price=data["unit_price"],
            discount_percent=data.get("discount_percent") or Decimal("0"),
            tax_rate=Decimal(data["tax_rate"]),
        )


class BaseLines(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.lines():
            raise ValidationError(_("Add at least one line."), code="lines")

    def lines(self) -> list[LineInput]:
        return [f.line() for f in self.forms if f.has_changed() and f.cleaned_data]


LineFormSet = forms.formset_factory(
    LineForm, formset=BaseLines, extra=0, max_num=MAX_LINES, absolute_max=MAX_LINES
)


def line_formset(firm, data=None, initial=None, prefix="lines"):
    """The lines of a form; with "add_line" in `data` one more empty line is shown."""
    rates = queries.tax_rates(firm)
    kwargs = {"form_kwargs": {"rates": rates}, "prefix": prefix}
    if data is not None and "add_line" in data:
        data = data.copy()
        key = f"{prefix}-TOTAL_FORMS"
        data[key] = str(min(int(data.get(key) or 0) + 1, MAX_LINES))
    if data is None:
        initial = initial or [{"quantity": Decimal("1"), "tax_rate": str(rates[0])}]
        return LineFormSet(initial=initial, **kwargs)
    return LineFormSet(data, **kwargs)


class InvoiceForm(forms.Form):
    client_tax_id = forms.CharField(
        label=_("Client's tax id"),
        max_length=32,
        required=False,
        help_text=_("Kept for the client and copied onto the invoice when it is issued."),
    )
    issue_date = DateField(label=_("Issue date"))
    due_date = DateField(label=_("Due date"))
    payment_terms = forms.CharField(label=_("Payment terms"), max_length=200, required=False)
    withholding_percent = DecimalField(
        label=_("IRPF withholding (%)"),
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("Spain: e.g. 15 for professionals' invoices; empty for none."),
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean(self):
        data = super().clean()
        issue, due = data.get("issue_date"), data.get("due_date")
        if issue and due and due < issue:
            self.add_error("due_date", _("The due date cannot be before the issue date."))
        return data

    @staticmethod
    def initial_for(firm, today):
        days = queries.settings_of(firm).payment_days
        return {"issue_date": today, "due_date": today + timedelta(days=days)}


class EstimateForm(forms.Form):
    issue_date = DateField(label=_("Issue date"))
    expiry_date = DateField(label=_("Expires on"))
    withholding_percent = InvoiceForm.base_fields["withholding_percent"]
    notes = InvoiceForm.base_fields["notes"]

    def clean(self):
        data = super().clean()
        issue, expiry = data.get("issue_date"), data.get("expiry_date")
        if issue and expiry and expiry < issue:
            self.add_error("expiry_date", _("The expiry date cannot be before the issue date."))
        return data

    @staticmethod
    def initial_for(today):
        return {"issue_date": today, "expiry_date": today + timedelta(days=30)}


class IssueForm(forms.Form):
    channel = forms.ChoiceField(label=_("Send by"), choices=Channel.choices)


class PaymentForm(forms.Form):
    amount = DecimalField(label=_("Amount"), max_digits=14, decimal_places=2)
    date = DateField(label=_("Date"))
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)
    invoices = ids.ModelMultipleChoiceField(
        label=_("Invoices paid"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    keep_credit = forms.BooleanField(
        label=_("Keep what is left as the client's credit"), required=False
    )

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["invoices"]
        field.queryset = queries.unpaid_invoices(account)
        field.label_from_instance = lambda i: f"{i.number} · {i.due_date:%Y-%m-%d}"


class AnswerForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Figures for"), choices=Period.choices)


class TransactionsFilter(forms.Form):
    start = DateField(label=pgettext_lazy("dates", "From"), required=False)
    end = DateField(label=_("To"), required=False)
    method = forms.ChoiceField(
        label=_("Method"), required=False, choices=[("", _("Any method")), *Method.choices]
    )


class BillingSettingsForm(forms.Form):
    tax_rates = forms.CharField(
        label=_("Tax rates (%)"),
        max_length=200,
        help_text=_("Separated by semicolons, for example: 21; 10; 4; 0 (or 5,5 in France)."),
    )
    iban = forms.CharField(label=_("IBAN"), max_length=42, required=False)
    bic = forms.CharField(label=_("BIC"), max_length=11, required=False)
    payment_days = forms.IntegerField(label=_("Payment term in days"), min_value=0, max_value=365)
    pay_links = forms.BooleanField(
        label=_("Invoices can be paid without signing in"), required=False
    )

    def clean_tax_rates(self):
        rates = []
        for text in self.cleaned_data["tax_rates"].replace(",", ".").split(";"):
            if text.strip():
                rates.append(text.strip())
        return rates

    def settings(self) -> dict:
        return dict(self.cleaned_data)

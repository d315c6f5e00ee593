"""Form fields every app uses for what people type in their own way."""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portico.core import dates, numbers

EXAMPLE = Decimal("1234.56")
EXAMPLE_DAY = datetime.date(2026, 11, 29)
# The dates an accounting firm types (a founding date, a tax year, a due date): anything outside
# is a typo ("01/01/0001" was taken and listed as "01/01/1"). A field may narrow them further.
EARLIEST_DAY, LATEST_DAY = datetime.date(1900, 1, 1), datetime.date(2199, 12, 31)


def number_error(error: numbers.NumberError) -> ValidationError:
    """A NumberError as a message in the active language, with an example written its way."""
    example = numbers.format_amount(EXAMPLE)
    if error.code == "ambiguous":
        message = _(
            "“%(value)s” could be read two ways. Write it with its decimals and without a "
            "thousands separator, for example %(example)s."
        )
        example = numbers.format_input(EXAMPLE)
    else:
        message = _("“%(value)s” is not a number. Write it like %(example)s.")
    return ValidationError(
        message, code=error.code, params={"value": error.text[:40], "example": example}
    )


class DecimalInput(forms.TextInput):
    """A text box with the decimal keypad on phones, showing a number as the user writes it."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int):
            return numbers.format_input(value)
        return super().format_value(value)


class Limits:
    """Optional lowest and highest values of a field, refused in the user's words with the
    limit written the user's way (`write`); mixed into DecimalField and DateField."""

    below: str
    above: str
    DEFAULT_LIMITS = (None, None)

    def __init__(self, *, min_value=None, max_value=None, **kwargs):
        super().__init__(**kwargs)
        lowest, highest = self.DEFAULT_LIMITS
        self.minimum = lowest if min_value is None else min_value
        self.maximum = highest if max_value is None else max_value

    def write(self, limit) -> str:
        return str(limit)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.minimum is not None and value < self.minimum:
            raise ValidationError(
                self.below, code="min_value", params={"limit": self.write(self.minimum)}
            )
        if self.maximum is not None and value > self.maximum:
            raise ValidationError(
                self.above, code="max_value", params={"limit": self.write(self.maximum)}
            )


class DecimalField(Limits, forms.DecimalField):
    """An amount, quantity or percentage typed the user's way ("12,50", "1.234,56", "12.50"),
    read by core.numbers.parse_decimal: anything ambiguous is refused with a message. Limits
    are Decimals, and their messages write them the user's way too."""

    widget = DecimalInput
    below, above = _("Enter %(limit)s or more."), _("Enter %(limit)s or less.")

    def write(self, limit) -> str:
        return numbers.format_input(limit)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return numbers.parse_decimal(str(value))
        except numbers.NumberError as error:
            raise number_error(error) from None


class DateInput(forms.TextInput):
    """A text box for a date in the user's order, "29/11/2026", with the order as placeholder
    ("dd/mm/aaaa"). Not `type=date`: the browser's widget follows the browser's language, not
    the user's, and would show an en-US browser's user 11/29/2026."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})

    def get_context(self, name, value, attrs):
        attrs = {"placeholder": dates.placeholder(), **(attrs or {})}
        return super().get_context(name, value, attrs)

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return dates.numeric_date(value)
        return super().format_value(value)


class DateField(Limits, forms.DateField):
    """A date typed in the user's order ("29/11/2026" in es, fr and en-GB) or ISO
    ("2026-11-29"), read by core.dates.parse_date; shown back in the user's order.
    Limits are dates; their messages write them the user's way."""

    widget = DateInput
    below, above = _("Enter %(limit)s or later."), _("Enter %(limit)s or earlier.")
    DEFAULT_LIMITS = (EARLIEST_DAY, LATEST_DAY)

    def write(self, limit) -> str:
        return dates.numeric_date(limit)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return dates.parse_date(str(value))
        except dates.DateError:
            raise ValidationError(
                _("“%(value)s” is not a date. Write it like %(example)s."),
                code="invalid",
                params={"value": str(value)[:40], "example": dates.numeric_date(EXAMPLE_DAY)},
            ) from None

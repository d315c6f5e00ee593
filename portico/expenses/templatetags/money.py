from decimal import Decimal

from django import template
from django.utils import formats, translation

register = template.Library()
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


@register.simple_tag
def money(amount, currency):
    """An amount in the active language's number format with its currency: "1.234,50 €" in
    Spanish, "1 234,50 €" in French, "€1,234.50" in English. Never a float."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    number = formats.number_format(abs(amount), 2, use_l10n=True, force_grouping=True)
    sign = "-" if amount < 0 else ""
    symbol = SYMBOLS.get(currency, currency)
    if translation.get_language() == "en":
        return f"{sign}{symbol}{number}" if len(symbol) == 1 else f"{sign}{number} {symbol}"
    return f"{sign}{number}\u00a0{symbol}"

from django import template

from portico.core.numbers import format_money

register = template.Library()


@register.simple_tag
def money(amount, currency):
    """An amount with its currency in the active language (core.numbers.format_money):
    "1.234,50 €" in Spanish, "1 234,50 €" in French, "€1,234.50" in English."""
    return format_money(amount, currency)

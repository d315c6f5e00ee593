"""Dates and times as the calendar writes them, in the active language (work/dates.py)."""

from django import template

from portico.work import dates

register = template.Library()


@register.filter
def medium_date(day):
    return dates.medium_date(day) if day else ""


@register.filter
def clock(moment):
    return dates.clock(moment) if moment else ""

"""Ids that can exist: every id read from a URL or a form is a positive 64-bit integer.

The database's keys are 64-bit (`BigAutoField`, PostgreSQL's bigint, SQLite's INTEGER): a bigger
number can't name a row, and handing it to the database raises `OverflowError` (SQLite) or
"out of range" (PostgreSQL) — a 500. So URLs capture ids with `<id:…>` (`IdConverter`, registered
in `CoreConfig.ready()`; tests/test_ids.py fails on any `<id:…>` left) and forms read lists of ids
with `IdsField`: anything else answers 404 or a form error before any query runs.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_ID = 2**63 - 1  # the largest signed 64-bit integer: PostgreSQL bigint, SQLite INTEGER


def parse_id(value) -> int | None:
    """`value` (a str or int) as an id that can exist (1 … MAX_ID), or None: not a whole
    number, zero or negative, or beyond 64 bits. Never raises."""
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


class IdConverter:
    """`<id:pk>` in a URL: digits naming an id that can exist; anything else (0, 10**30) does not
    match the pattern, so the URL answers 404 like a missing object."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # Django's resolver treats ValueError as no match → 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))


class IdsField(forms.Field):
    """A list of ids ticked in a form (hidden inputs or checkboxes named alike): a sorted list of
    distinct ints, each one that can exist; anything else — text, 0, 10**30 — is refused with
    "The selection is not valid." before any query runs. Which of them the member may act on is
    still the query's business."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("The selection is not valid.")}

    def to_python(self, value):
        if value in self.empty_values:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        ids = {parse_id(v) for v in values}
        if None in ids:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return sorted(ids)


def _refuse_impossible(field, values):
    """Django's model choice fields pass a chosen pk to the database as typed: one beyond 64 bits
    raises OverflowError there. Refused here as the field's own invalid choice instead."""
    for value in values:
        if value not in field.empty_values and parse_id(value) is None:
            raise forms.ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )


class ModelChoiceField(forms.ModelChoiceField):
    """Django's ModelChoiceField, refusing an id that can't exist (0, 10**30) as a wrong choice."""

    def to_python(self, value):
        _refuse_impossible(self, [value])
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's ModelMultipleChoiceField, refusing ids that can't exist as wrong choices."""

    def _check_values(self, value):
        try:
            values = list(value)
        except TypeError:
            return super()._check_values(value)
        if any(v not in self.empty_values and parse_id(v) is None for v in values):
            raise forms.ValidationError(
                self.error_messages["invalid_pk_value"],
                code="invalid_pk_value",
                params={"pk": next(v for v in values if parse_id(v) is None)},
            )
        return super()._check_values(value)

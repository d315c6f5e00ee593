"""History events (X-1) as a person reads them, in the reader's language: what changed ("Estado:
Pendiente de aceptación → Aceptado") and whom it concerns ("Devis 60"). Events keep what the
actions wrote (field names, codes, English labels, JSON values); they are put into words here,
when shown, for every page that lists them (the activity feed, a client's team history).

A value's key is named, and its codes read, by the first of:
- the fields an app describes for its verbs (core.registry.HistoryFields: model or form fields),
- the fields of the model the verb is about ("estimate.accepted": billing's Estimate),
- a field of that name on any of Portico's models, when they all call it the same,
- the few words that events share (COMMON),
and otherwise the key itself, spaced. Booleans read Yes/No, choices by their label, languages by
their own name, numbers, dates and times as the locale writes them, lists joined as the locale
joins them; ids of other records (a contact's, a task's) and empty values are left out."""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from html import escape

from babel.lists import format_list
from django import forms
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from portico.core import dates, languages, numbers
from portico.core.registry import HistoryFields, HistorySubject, registry

EMPTY = "—"
# Words events of several apps keep under the same key.
COMMON = {
    "comment": gettext_lazy("Comment"),
    "to": gettext_lazy("Sent to"),
    "occurrences": gettext_lazy("Occurrences"),
    "accounts": gettext_lazy("Clients"),
    "sessions": gettext_lazy("Sessions"),
    "ip_address": gettext_lazy("IP address"),
    "applied": gettext_lazy("Amount applied"),
    "amount": gettext_lazy("Amount"),
    "date": gettext_lazy("Date"),
    "owner": gettext_lazy("Owner"),
    "invoices": gettext_lazy("Invoices"),
    "emails": gettext_lazy("Emails"),
    "language": gettext_lazy("Language"),
    "email": gettext_lazy("Email"),
    "full_name": gettext_lazy("Name"),
}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
NUMBER = re.compile(r"-?\d+(\.\d+)?\Z")
LONGEST = 160  # characters of a long text shown (a comment), then "…"


class Page:
    """What rendering a page of events reads once: the fields of each verb, the subjects' words,
    the firm's time zone, the locale."""

    def __init__(self, zone):
        self.zone = zone
        self.locale = numbers.current_locale()
        self._verbs: dict[str, dict] = {}
        self.subjects = _subject_words()
        # "Estado: Aceptado", "Statut : Accepté" (French puts a no-break space before ":")
        self.pattern = _("%(label)s: %(value)s")

    def pair(self, label: str, value: str) -> str:
        return self.pattern % {"label": label, "value": value}

    def fields(self, verb: str) -> dict:
        if verb not in self._verbs:
            self._verbs[verb] = _verb_fields(verb)
        return self._verbs[verb]


def subject(event, page: Page) -> str:
    """The event's subject in the reader's language ("Devis 60" for the stored "Estimate 60"),
    or "" when it only repeats the account the row names anyway."""
    text = event.subject or ""
    if not text or (event.account_id and text == _account_name(event)):
        return ""
    for words, found in page.subjects:
        if (text == words or text.startswith(words + " ")) and (
            not found.verbs or event.verb in found.verbs
        ):
            return str(found.label) + text[len(words) :]
    return text


def details(event, page: Page) -> str:
    """The changed values as escaped HTML: "Label: before → after · Label: value"."""
    before, after = event.before or {}, event.after or {}
    fields = page.fields(event.verb)
    parts = []
    if before and after:
        keys = [*after, *(k for k in before if k not in after)]
        for key in keys:
            old, new = before.get(key), after.get(key)
            if old == new or _hidden(key, old if new is None else new, fields):
                continue
            shown = [_value(key, v, fields, page) or EMPTY for v in (old, new)]
            if shown[0] != shown[1]:
                parts.append(page.pair(_label(key, fields), f"{shown[0]} → {shown[1]}"))
        if not parts:
            parts = _listed(after, fields, page)
    else:
        parts = _listed(after or before, fields, page)
    return " · ".join(parts)


def _account_name(event) -> str:
    account = getattr(event, "account", None)
    return getattr(account, "name", "") if account is not None else ""


def _listed(values: dict, fields: dict, page: Page) -> list[str]:
    parts = []
    for key, value in values.items():
        if _hidden(key, value, fields):
            continue
        shown = _value(key, value, fields, page)
        if shown:
            parts.append(page.pair(_label(key, fields), shown))
    return parts


def _hidden(key, value, fields) -> bool:
    """Ids of other records: what the row's subject and account already name."""
    field = fields.get(key)
    if isinstance(field, models.ForeignObjectRel | models.ForeignKey | models.OneToOneField):
        return True
    if field is None and isinstance(value, int) and not isinstance(value, bool):
        return key in _model_names() or key.endswith("_id")
    return False


def _label(key: str, fields: dict) -> str:
    field = fields.get(key)
    label = getattr(field, "verbose_name", None) or getattr(field, "label", None)
    if label is None:
        label = COMMON.get(key) or key.replace("_", " ")
    text = str(label)
    return escape(text[:1].upper() + text[1:])


def _value(key: str, value, fields: dict, page: Page) -> str:
    """`value` in words, escaped; "" when empty."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    field = fields.get(key)
    if isinstance(value, list):
        items = [_value(key, item, fields, page) for item in value]
        items = [item for item in items if item]
        return format_list(items, locale=page.locale) if items else ""
    if isinstance(value, bool):
        return escape(_("Yes") if value else _("No"))
    if isinstance(value, dict):
        return escape(", ".join(f"{k}: {v}" for k, v in value.items()))
    if key == "language" or key.endswith("_language"):
        return escape(languages.name(str(value)))
    choices = _choices(field)
    if choices and str(value) in choices:
        return escape(str(choices[str(value)]))
    return escape(_plain(value, field, page))


def _plain(value, field, page: Page) -> str:
    if isinstance(value, int | float | Decimal):
        return numbers.format_number(Decimal(str(value)), page.locale)
    text = str(value)
    if isinstance(field, models.DecimalField | forms.DecimalField) and NUMBER.match(text):
        places = getattr(field, "decimal_places", None) or 2
        return numbers.format_amount(Decimal(text), places, page.locale)
    if NUMBER.match(text) and isinstance(field, models.IntegerField | models.FloatField):
        return numbers.format_number(Decimal(text), page.locale)
    if ISO_DATE.match(text):
        try:
            return dates.numeric_date(date.fromisoformat(text))
        except ValueError:
            return text
    if ISO_MOMENT.match(text):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment, page.zone)
        return dates.numeric_datetime(moment)
    if _is_amount(text, field):
        return numbers.format_amount(Decimal(text), 2, page.locale)
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def _is_amount(text: str, field) -> bool:
    """A Decimal kept as text ("67.16") under a key no field describes."""
    if field is not None or not re.fullmatch(r"-?\d+\.\d{2}", text):
        return False
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def _choices(field) -> dict:
    if field is None:
        return {}
    found = getattr(field, "flatchoices", None) or getattr(field, "choices", None) or ()
    try:
        return {str(value): label for value, label in found}
    except (TypeError, ValueError):
        return {}


def _verb_fields(verb: str) -> dict:
    """{key: field} that name a verb's values: its model's fields, then the apps' described
    fields (HistoryFields) for it, over every model's unambiguous fields."""
    found = dict(_shared_fields())
    model = _verb_model(verb.split(".", 1)[0])
    if model is not None:
        found.update((f.name, f) for f in _fields_of(model))
    for described in registry.all(HistoryFields):
        if not described.verbs or verb in described.verbs:
            found.update(described.fields())
    return found


@cache
def _shared_fields() -> dict:
    """{name: field} of Portico's models, for names whose fields agree on their label."""
    seen: dict[str, list] = {}
    for model in _models():
        for field in _fields_of(model):
            seen.setdefault(field.name, []).append(field)
    with override("en"):
        return {
            name: fields[0]
            for name, fields in seen.items()
            if len({str(getattr(f, "verbose_name", "")) for f in fields}) == 1
            and len({tuple(map(str, dict(getattr(f, "flatchoices", ())))) for f in fields}) == 1
        }


@cache
def _verb_model(prefix: str):
    """The model a verb's first word names: "estimate" Estimate, "account" ClientAccount."""
    exact = [m for m in _models() if m._meta.model_name == prefix.replace("_", "")]
    ending = [m for m in _models() if m._meta.model_name.endswith(prefix.replace("_", ""))]
    found = exact or ending
    return found[0] if len(found) == 1 else None


@cache
def _model_names() -> frozenset:
    return frozenset(m._meta.model_name for m in _models()) | {"member", "link", "corrects"}


def _fields_of(model) -> list:
    """A model's own fields, its many-to-many ones (an account's tags) included, that were
    given a (translated) name: Django's own, made from the field's, is English."""
    return [
        f
        for f in model._meta.get_fields()
        if not f.auto_created and getattr(f, "_verbose_name", None) is not None
    ]


def _models():
    return [m for m in apps.get_models() if m.__module__.startswith("portico.")]


def _subject_words() -> list:
    """[(the words a subject starts with, its HistorySubject)], longest first: each subject's
    text in every language Portico speaks, as it was stored in whichever."""
    return _subject_words_of(tuple(item.key for item in registry.all(HistorySubject)))


@lru_cache(maxsize=8)
def _subject_words_of(keys: tuple) -> list:
    found = {}
    for key in keys:
        item = registry.get(HistorySubject, key)
        found[key] = item
        for code, _name in settings.LANGUAGES:
            with override(code):
                found.setdefault(str(item.label), item)
    return sorted(found.items(), key=lambda pair: -len(pair[0]))

"""Reading one cell of a client-book file: each reader takes the text and a list of problems,
and gives the value to store, or None after adding a problem in the active language."""

import re
from datetime import date
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from portico.clients.models import ClientAccount, CustomField
from portico.core import numbers, taxids
from portico.core.text import fold
from portico.firms.models import Language

# YYYY-MM-DD (a time after it ignored), DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY: what spreadsheets
# write in Spain and France (US MM/DD cannot be told from DD/MM and is not read).
DATES = [
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ].*)?"),
    re.compile(r"(?P<d>\d{1,2})([-/.])(?P<m>\d{1,2})\2(?P<y>\d{4})"),
]
EMAIL_SEPARATORS = re.compile(r"[\s,;]+")
COUNTRY = re.compile(r"^[A-Za-z]{2}$")
TEXT_LIMITS = {"name": 200, "street": 200, "postal_code": 20, "city": 100, "region": 100}
CONTACT_LIMITS = {"first_name": 100, "last_name": 100, "phone": 40, "description": 200}
CUSTOM_TEXT_LIMIT = 500


def choice_names(choices) -> dict[str, str]:
    """Folded value and label (in English, Spanish and French) → value of a TextChoices."""
    names = {fold(value): value for value in choices.values}
    for language in ("en", "es", "fr"):
        with translation.override(language):
            names |= {fold(str(label)): value for value, label in choices.choices}
    return names


KINDS = choice_names(ClientAccount.Kind)
LANGUAGES = choice_names(Language) | {"espanol": "es", "francais": "fr", "ingles": "en"}


def text(value, limit, problems):
    if len(value) > limit:
        problems.append(_("longer than %(limit)s characters") % {"limit": limit})
        return None
    return value


def kind(value, problems):
    found = KINDS.get(fold(value))
    if found is None:
        labels = ", ".join(str(label) for _value, label in ClientAccount.Kind.choices)
        problems.append(
            _("“%(value)s” is not a type (use one of: %(choices)s)") % _show(value, labels)
        )
    return found


def language(value, problems):
    found = LANGUAGES.get(fold(value))
    if found is None:
        labels = ", ".join(str(label) for _value, label in Language.choices)
        problems.append(
            _("“%(value)s” is not a language (use one of: %(choices)s)") % _show(value, labels)
        )
    return found


def _show(value, choices):
    return {"value": value[:40], "choices": choices}


def country(value, problems):
    if not COUNTRY.match(value):
        problems.append(
            _("“%(value)s” is not a country code (use two letters: ES, FR)") % {"value": value[:40]}
        )
        return None
    return value.upper()


def tax_id(value, problems):
    try:
        return taxids.clean_tax_id(value)
    except ValidationError:
        problems.append(
            _("“%(value)s” is not a valid NIF, NIE, CIF, SIREN, SIRET or EU VAT number")
            % {"value": value[:40]}
        )
        return None


def email(value, problems):
    address = value.strip().lower()
    if not _is_email(address):
        problems.append(_("“%(value)s” is not an email address") % {"value": value[:80]})
        return None
    return address


@lru_cache(maxsize=65536)
def _is_email(address) -> bool:
    """Django's check, remembered: a file's addresses are read twice (Planner._load, then
    row by row), and the check is a tenth of a dry run's time."""
    if len(address) > 254:
        return False
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def emails(value, problems):
    """A list of addresses separated by spaces, commas or semicolons."""
    found = []
    for part in EMAIL_SEPARATORS.split(value):
        if part and (address := email(part, problems)) and address not in found:
            found.append(address)
    return found


def parse_date(value) -> date | None:
    for pattern in DATES:
        if match := pattern.fullmatch(value):
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
    return None


def custom(value, field, problems):
    """A custom field's value as its JSON keeps it (clients.profile_forms): numbers and dates
    as ISO strings, a choice as the defined choice."""
    Kind = CustomField.Kind
    if field.kind == Kind.NUMBER:
        try:
            return str(numbers.parse_decimal(value).normalize())
        except numbers.NumberError:
            problems.append(_("“%(value)s” is not a number") % {"value": value[:40]})
            return None
    if field.kind == Kind.DATE:
        found = parse_date(value)
        if found is None:
            problems.append(
                _("“%(value)s” is not a date (use DD/MM/YYYY or YYYY-MM-DD)")
                % {"value": value[:40]}
            )
            return None
        return found.isoformat()
    if field.kind == Kind.CHOICE:
        by_name = {fold(choice): choice for choice in field.choices}
        found = by_name.get(fold(value))
        if found is None:
            problems.append(_show_choice(value, field.choices))
        return found
    if field.kind == Kind.EMAIL:
        return email(value, problems)
    return text(value, CUSTOM_TEXT_LIMIT, problems)


def _show_choice(value, choices):
    return _("“%(value)s” is not one of: %(choices)s") % _show(value, ", ".join(choices))

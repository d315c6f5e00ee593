"""The languages people pick, each named in its own language wherever it is offered (the
language switch, My profile, a member's or a contact's language), never translated."""

from django.conf import settings

# Portico's English is British English (dates day before month: core/dates.py).
NAMES = {"en": "English (UK)", "es": "Español", "fr": "Français"}


def name(code: str) -> str:
    """ "Español" for "es"; the code itself for a language Portico doesn't offer."""
    return NAMES.get(code, code)


def choices() -> list[tuple[str, str]]:
    """(code, own name) of every language of settings.LANGUAGES, in its order."""
    return [(code, name(code)) for code, _label in settings.LANGUAGES]

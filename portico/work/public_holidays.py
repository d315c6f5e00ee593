"""Public holidays of the firm's country, and of its region when the `holidays` package knows it
as a subdivision (Firm.region may hold its code, "MD", or its name, "Madrid"), named in the
user's language where the package has it."""

from datetime import date
from functools import lru_cache

import holidays
from django.utils.translation import get_language

from portico.core.text import fold

LANGUAGES = {"en": "en_US", "es": "es", "fr": "fr"}


@lru_cache(maxsize=64)
def _country(code: str):
    """The package's class for an ISO 3166-1 alpha-2 code, or None."""
    if code not in holidays.list_supported_countries():
        return None
    return type(holidays.country_holidays(code))


@lru_cache(maxsize=256)
def subdivision(country: str, region: str) -> str | None:
    """The package's code for `region` in `country`, or None."""
    cls = _country(country)
    if cls is None or not region.strip():
        return None
    wanted = fold(region.strip())
    names = {fold(code): code for code in cls.subdivisions}
    names |= {fold(alias): code for alias, code in getattr(cls, "subdivisions_aliases", {}).items()}
    return names.get(wanted)


@lru_cache(maxsize=256)
def _year(country: str, subdiv: str | None, year: int, language: str) -> dict[date, str]:
    found = holidays.country_holidays(country, subdiv=subdiv, years=year, language=language)
    return dict(found.items())


def between(firm, first: date, last: date) -> dict[date, str]:
    """{date: name} of the firm's public holidays from `first` to `last`; {} when the firm has no
    country the package knows."""
    country = (firm.country or "").upper()
    cls = _country(country)
    if cls is None:
        return {}
    wanted = LANGUAGES.get((get_language() or "en")[:2])
    language = wanted if wanted in cls.supported_languages else cls.default_language
    subdiv = subdivision(country, firm.region or "")
    found = {}
    for year in range(first.year, last.year + 1):
        found |= _year(country, subdiv, year, language)
    return {day: name for day, name in found.items() if first <= day <= last}

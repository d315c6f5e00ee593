"""Portico's English is British English: Django's en_GB formats (29/11/2026, 24-hour clock) for
what Django itself writes (the admin, a value a template shows without our filters)."""

from django.conf.locale.en_GB.formats import *  # noqa: F403

"""The test settings: the product's, plus the tests' example app (tests/example_app), which
shows that an app plugs into the composing pages from its own folder."""

from portico.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.example_app"]  # noqa: F405
ROOT_URLCONF = "tests.urls"

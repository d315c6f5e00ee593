import pytest
from django.test import Client
from django.utils import translation

from portico.firms.twofactor import VERIFIED, totp_device
from tests.mail import start_smtp_server
from tests.personas import personas  # noqa: F401  (fixture)
from tests.site import site, site_template  # noqa: F401  (fixtures)

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tasks run inline by default (the worker tests switch to the database backend); static
    files come from the finders; a fast password hash keeps personas cheap."""
    settings.TASKS = IMMEDIATE
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_unless_asked():
    """Each test starts in English: a language a view or a test activated in this thread must not
    leak into the next test (messages compared in English would fail by the order tests ran)."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def smtp(settings):
    """A real SMTP server that the app's mailer points at; yields its inbox."""
    controller, inbox = start_smtp_server()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": controller.hostname, "port": controller.port, "timeout": 5},
        }
    }
    yield inbox
    controller.stop()


@pytest.fixture
def client_for():
    """client_for(member_or_user) gives a test client signed in as them (past the code step of
    sign-in when they have a second factor)."""

    def sign_in(who, language="en"):
        client = Client(headers={"accept-language": language})
        user = getattr(who, "user", who)
        client.force_login(user)
        if device := totp_device(user):
            session = client.session
            session[VERIFIED] = device.pk
            session.save()
        return client

    return sign_in

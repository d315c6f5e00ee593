"""Portico's one settings file. Everything a deployment changes comes from the environment."""

import secrets
from datetime import timedelta
from pathlib import Path

from django.contrib.messages import constants as message_levels
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from portico.env import database_from_url, env_bool, env_int, env_list, env_str, smtp_from_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PORTICO_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The key from the environment, else one generated once and kept in var/."""
    if key := env_str("PORTICO_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("PORTICO_DEBUG", False)
ALLOWED_HOSTS = env_list("PORTICO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("PORTICO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "portico.core",
    "portico.firms",
    "portico.clients",
    "portico.messaging",
    "portico.expenses",
    "portico.notifications",
    "portico.portal",
    "portico.documents",
    "portico.work",
    "portico.clientbook",
    "portico.billing",
    "portico.desk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "portico.core.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portico.core.tenancy.TenancyMiddleware",
    # refuses an oversized body from its Content-Length before CSRF or a view reads it (413)
    "portico.core.uploads.RequestSizeMiddleware",
    "portico.firms.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

if env_bool("PORTICO_SERVER_TIMING", False):
    MIDDLEWARE.insert(0, "portico.core.metrics.ServerTimingMiddleware")

ROOT_URLCONF = "portico.urls"
WSGI_APPLICATION = "portico.wsgi.application"
AUTH_USER_MODEL = "firms.User"
# Axes first: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "portico.firms.backends.EmailBackend",
]
LOGIN_URL = "firms:login"
LOGIN_REDIRECT_URL = "clients:list"
LOGOUT_REDIRECT_URL = "firms:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portico.core.tenancy.tenancy_context",
            ],
        },
    }
]

# Messages show as Bootstrap alerts (`alert-{{ message.level_tag }}`): Bootstrap has no
# `alert-error` nor `alert-debug`, so those levels take its names.
MESSAGE_TAGS = {message_levels.ERROR: "danger", message_levels.DEBUG: "secondary"}

if database_url := env_str("DATABASE_URL"):
    DATABASES = {"default": database_from_url(database_url)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "portico.sqlite3",
            # Kept open across requests: a new connection starts with an empty page cache and
            # parses the schema again, a few ms on every request.
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                # WAL lets the web server, the worker and the scheduler read while one writes.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portico.formats"]
LANGUAGE_COOKIE_NAME = "portico_language"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024  # the form fields besides files
DATA_UPLOAD_MAX_NUMBER_FILES = 10  # one file per form today; Django's default is 100
# The whole body is limited by core.uploads.RequestSizeMiddleware (MAX_REQUEST_BYTES).

# Where emails sent without a request (digests) point their links to.
SITE_URL = env_str("PORTICO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("PORTICO_FROM_EMAIL", "Portico <no-reply@localhost>")
MAILERS = {"default": smtp_from_url(env_str("EMAIL_URL", "smtp://127.0.0.1:1025"))}
EMAIL_MAX_ATTEMPTS = env_int("PORTICO_EMAIL_MAX_ATTEMPTS", 8)
# Where text messages go (messaging/sms.py): "log://" (the default) only records them in the
# message log; a provider's backend registers its own scheme.
SMS_URL = env_str("SMS_URL", "log://")
# The online payment provider (billing/providers.py Webhook): the processor's hosted checkout
# and the secret its callbacks are signed with. Offered in the portal when both are set.
PAYMENT_CHECKOUT_URL = env_str("PORTICO_PAYMENT_CHECKOUT_URL", "")
PAYMENT_WEBHOOK_SECRET = env_str("PORTICO_PAYMENT_WEBHOOK_SECRET", "")

TASKS = {
    "default": {
        "BACKEND": env_str("PORTICO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Sign-in protection (F-4). Failed sign-ins (wrong passwords, wrong codes) are counted by Axes per
# account and per IP address in the database, which every web worker shares: at AXES_FAILURE_LIMIT
# the account or address is refused until AXES_COOLOFF_TIME has passed since its last failure.
# Password-reset requests are counted per address and per IP within the same window.
AXES_FAILURE_LIMIT = env_int("PORTICO_SIGNIN_ATTEMPTS", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("PORTICO_SIGNIN_WINDOW_MINUTES", 15))
PASSWORD_RESET_REQUESTS = env_int("PORTICO_PASSWORD_RESET_REQUESTS", 5)
PROXY_COUNT = env_int("PORTICO_PROXY_COUNT", 0)  # reverse proxies in front, for the client's IP
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "portico.firms.signin.username_of"
AXES_CLIENT_IP_CALLABLE = "portico.firms.signin.client_ip"
AXES_LOCKOUT_CALLABLE = "portico.firms.signin.lockout_response"
# A refused attempt during a lockout does not extend it, so the time the page gives holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HTTP_RESPONSE_CODE = 429
OTP_TOTP_ISSUER = "Portico"
# Wrong codes count with wrong passwords in Axes (one limit, one message): no second throttle.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("PORTICO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS (issue 15, fault 7): off by default so `make run` works on http://127.0.0.1; production sets
# them from the environment (README), and `manage.py check --deploy` is then clean.
SECURE_SSL_REDIRECT = env_bool("PORTICO_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^health$"]  # a load balancer's plain-HTTP health check
SECURE_HSTS_SECONDS = env_int("PORTICO_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("PORTICO_HSTS_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("PORTICO_HSTS_PRELOAD", False)
if env_bool("PORTICO_PROXY_HTTPS", False):  # the proxy in front terminates TLS and says so
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (Django's own): everything from this site only, no inline script, no
# inline style (templates carry none: static/js/ and static/css/ do it), no plugins, no framing.
# Bootstrap's CSS draws its form controls with data: SVG images.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features no page uses are turned off for the site and anything it might embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {"format": "%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": env_str("PORTICO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Axes logs every attempt at INFO; failures and lockouts (WARNING) are the news.
        "axes": {"level": "WARNING"},
    },
}

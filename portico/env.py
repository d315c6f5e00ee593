"""Tiny typed readers of the environment, used by settings.py."""

import os
from urllib.parse import unquote, urlsplit


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


def database_from_url(url: str) -> dict:
    """A DATABASES entry from postgres://user:pass@host:port/name (or sqlite:///path)."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parts.path[1:])}
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"DATABASE_URL: unsupported scheme {parts.scheme!r}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        # A capped count reads a large table until it has found enough rows. Synchronized scans
        # would start it wherever another scan happens to be (a region of one kind of client,
        # or of free space), so that the same count took 3 ms or 30 ms from one request to the
        # next; from the first block, the same count reads the same rows every time.
        "OPTIONS": {"options": "-c synchronize_seqscans=off"},
    }


def smtp_from_url(url: str) -> dict:
    """A MAILERS entry from smtp://user:pass@host:port (smtps:// for TLS on connect)."""
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps", "smtp+starttls"}:
        raise ValueError(f"EMAIL_URL: unsupported scheme {parts.scheme!r}")
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname or "localhost",
            "port": parts.port or 25,
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_ssl": parts.scheme == "smtps",
            "use_tls": parts.scheme == "smtp+starttls",
            "timeout": 10,
        },
    }

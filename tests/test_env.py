import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from portico.core.text import fold
from portico.env import database_from_url, smtp_from_url


def test_postgres_url():
    assert database_from_url("postgres://me:s%40cret@db.local:6543/portico") | {} == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "portico",
        "USER": "me",
        "PASSWORD": "s@cret",
        "HOST": "db.local",
        "PORT": "6543",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"options": "-c synchronize_seqscans=off"},
    }


@pytest.mark.django_db
def test_postgres_scans_start_at_the_first_block():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronize_seqscans")
        assert cursor.fetchone() == ("off",)


def test_unknown_database_scheme_is_refused():
    with pytest.raises(ValueError, match="unsupported scheme"):
        database_from_url("mysql://x/y")


def test_smtp_url():
    options = smtp_from_url("smtps://u:p@mail.example:465")["OPTIONS"]
    assert (options["host"], options["port"], options["use_ssl"]) == ("mail.example", 465, True)


@pytest.mark.parametrize(
    ("text", "folded"),
    [("José", "jose"), ("ÇA VA", "ca va"), ("Núñez", "nunez"), ("Straße", "strasse")],
)
def test_fold(text, folded):
    assert fold(text) == folded


@given(st.text())
def test_fold_is_idempotent_and_lower(text):
    once = fold(text)
    assert fold(once) == once

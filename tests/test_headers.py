"""Issue 15, fault 7: Content-Security-Policy without inline script or style on every page,
Permissions-Policy, HTTPS and HSTS from the environment, and `check --deploy` clean with the
production environment the README documents."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.portal_setup import client_user_on, portal_client

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("portico/*/templates")]
EMAILS = ("emails", "digest")  # email bodies: no CSP applies, mail programs need inline style


def _csp(response):
    return response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_every_kind_of_page_has_a_strict_policy(client, client_for, personas):
    user, _ = client_user_on(personas.firm, personas.account)
    pages = [
        client.get(reverse("firms:login")),
        client.get(reverse("portal:sign_in")),
        client_for(personas.owner).get(reverse("clients:list")),
        portal_client(user).get(reverse("portal:account", args=[personas.account.pk])),
        client_for(personas.owner).get("/clients/999999/"),  # a 404 too
    ]
    for response in pages:
        policy = _csp(response)
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe" not in policy
        assert "camera=()" in response.headers["Permissions-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"


def _templates():
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            if not any(part in EMAILS for part in path.relative_to(folder).parts):
                yield path


def _html_builders():
    """Python modules that write HTML themselves (rows of the Clients page, calendar entries)."""
    return [p for p in ROOT.glob("portico/**/*.py") if "_html" in p.name]


def test_no_template_has_inline_script_handlers_or_style():
    inline_script = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I)
    handler = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
    style = re.compile(r"\sstyle\s*=|<style", re.I)
    found = []
    for path in [*_templates(), *_html_builders()]:
        text = path.read_text()
        for name, pattern in (("script", inline_script), ("handler", handler), ("style", style)):
            found += [f"{path.relative_to(ROOT)}: {name}" for _ in pattern.finditer(text)]
    assert found == []


def _documented_production_environment() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"In production, behind HTTPS.*?```sh\n(.*?)```", readme, re.S).group(1)
    return dict(line.split("=", 1) for line in block.strip().splitlines())


def test_check_deploy_is_clean_with_the_documented_production_environment(tmp_path):
    documented = _documented_production_environment()
    assert {"PORTICO_HSTS_SECONDS", "PORTICO_SSL_REDIRECT", "PORTICO_HSTS_PRELOAD"} <= set(
        documented
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PORTICO_", "DJANGO_"))}
    env |= documented | {
        "PORTICO_SECRET_KEY": secrets.token_urlsafe(50),  # the README's is a placeholder
        "PORTICO_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_settings_come_from_the_environment(monkeypatch, tmp_path):
    env = {
        "PORTICO_SSL_REDIRECT": "1",
        "PORTICO_HSTS_SECONDS": "3600",
        "PORTICO_HSTS_SUBDOMAINS": "yes",
        "PORTICO_HSTS_PRELOAD": "true",
        "PORTICO_PROXY_HTTPS": "1",
        "PORTICO_VAR_DIR": str(tmp_path),
    }
    code = (
        "from portico import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=os.environ | env, capture_output=True, text=True
    )
    assert result.stdout.split() == [
        "True",
        "3600",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
    ]


@pytest.mark.django_db
def test_hsts_and_the_redirect_answer_as_set(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    plain = client.get(reverse("firms:login"))
    assert plain.status_code == 301 and plain.url.startswith("https://")
    assert client.get("/health").status_code == 200  # load balancers check over plain HTTP
    secure = client.get(reverse("firms:login"), secure=True)
    assert secure.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )

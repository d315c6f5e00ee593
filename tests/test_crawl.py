"""Issue 15's acceptance: every URL pattern of the resolver (staff and portal; Django's admin
excepted), with ids of another firm's objects, an id that can't exist and 10**30, as every
persona, by GET and by POST — no 500, and none of the other firm's data in any answer."""

import re
import time
from datetime import date

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from portico.clients.models import ConnectionRequest
from tests.factories import (
    AccountContactFactory,
    ContactEmailFactory,
    ContactFactory,
    DocumentFactory,
    EmailSwitchesFactory,
    ExpenseExportFactory,
    ExpenseFactory,
    InvitationBatchFactory,
    MagicLinkFactory,
    PortalIdentityFactory,
    TagFactory,
)
from tests.portal_setup import client_user_on, media  # noqa: F401  (media: autouse)
from tests.tasks_setup import make_task

pytestmark = pytest.mark.django_db
MARKER = "Dupré"  # in the name of every object of the other firm
MISSING, HUGE = 0, 10**30
SKIPPED = ("admin/",)  # Django's admin: its own access rules, for operators
SIGN_OUT = {"firms:logout", "portal:sign_out"}  # a POST would end the crawl's session
PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = entry.namespace or namespace
            yield from _patterns(entry, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name or ""
            yield prefix + str(entry.pattern), name


def _foreign(personas):
    """The other firm's objects, one of each kind a URL names, each with MARKER in its text;
    returns {url parameter: id}."""
    firm, account = personas.foreign_owner.firm, personas.foreign_account
    contact = ContactFactory(firm=firm, first_name="Zoé", last_name=MARKER)
    email = ContactEmailFactory(contact=contact, email="zoe@dupre.example.fr")
    link = AccountContactFactory(account=account, contact=contact)
    EmailSwitchesFactory(link=link, email=email, login=True)
    PortalIdentityFactory(email=email)
    document = DocumentFactory(account=account, name=f"Bilan {MARKER}.pdf", shared=True)
    expense = ExpenseFactory(account=account, merchant=f"Café {MARKER}", note=MARKER)
    export = ExpenseExportFactory(account=account)
    task = make_task(personas.foreign_owner, date(2026, 11, 3), title=f"Visite {MARKER}")
    TagFactory(firm=firm, name=f"Tag {MARKER}")
    request = ConnectionRequest.objects.create(
        firm=firm,
        client_name=f"Requête {MARKER}",
        contact_first_name="Zoé",
        contact_email="req@dupre.example.fr",
    )
    batch = InvitationBatchFactory(firm=firm) if _has_firm(InvitationBatchFactory) else None
    magic = MagicLinkFactory(document=document, email=email)
    return {
        "pk": account.pk,
        "link_pk": link.pk,
        "email_pk": email.pk,
        "document_pk": document.pk,
        "expense_pk": expense.pk,
        "export_pk": export.pk,
        "task": task.pk,
        "request": request.pk,
        "batch": batch.pk if batch else account.pk,
        "magic": magic.pk,
        "member": personas.foreign_owner.pk,
    }


def _has_firm(factory):
    return "firm" in {f.name for f in factory._meta.model._meta.fields}


def _foreign_id(route, name, ids):
    """The other firm's object a parameter names, by the route's words."""
    if name != "pk":
        return ids.get(name, ids["pk"])
    for word, key in (
        ("tasks/", "task"),
        ("requests/", "request"),
        ("invitations/", "batch"),
        ("links/", "magic"),
        ("members/", "member"),
    ):
        if word in route:
            return ids[key]
    return ids["pk"]


def _urls(route, ids):
    """(path, id) pairs to try for one route: each id in the path as the other firm's, as
    MISSING and as HUGE (once each); a route without ids once, with HUGE as the id its form
    fields and query get; other parameters get a plausible word."""
    params = list(PARAM.finditer(route))
    if route.startswith("^"):  # a re_path: the calendar feed's token
        return [("/calendar/feed/" + "x" * 32 + ".ics", HUGE)]
    variants = ["foreign", MISSING, HUGE] if any(m["converter"] == "id" for m in params) else [HUGE]
    paths = []
    for variant in variants:

        def fill(match, variant=variant):
            if match["converter"] != "id":
                return "MQ" if match["name"] == "uidb64" else "x" * 24
            return str(_foreign_id(route, match["name"], ids) if variant == "foreign" else variant)

        paths.append(("/" + PARAM.sub(fill, route), ids["pk"] if variant == "foreign" else variant))
    return paths


def _fields(value):
    """Every field name that carries an id in a form or a query, all set to `value`: bulk
    `ids`, Pending `emails`, choices of tags, members, accounts, assignees, pages."""
    names = ("ids", "emails", "tags", "tag", "member", "account", "assignee", "add", "remove")
    return {name: str(value) for name in names} | {"action": "cancel", "page": str(value)}


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def test_every_url_as_every_persona_never_500s_nor_shows_another_firms_data(personas):
    ids = _foreign(personas)
    client_user, _ = client_user_on(personas.firm, personas.account)
    routes = [(r, n) for r, n in _patterns() if not r.startswith(SKIPPED)]
    assert len(routes) > 50
    people = {
        "anonymous": None,
        "client": client_user,
        "portal_user_without_access": personas.client_user,
        **{
            name: getattr(personas, name).user
            for name in ("owner", "admin", "accountant", "see_all", "outsider", "manager")
        },
    }
    failures, requests, started = [], 0, time.monotonic()
    for who, user in people.items():
        client = Client(raise_request_exception=True)
        if user is not None:
            client.force_login(user)
        for route, name in routes:
            for path, value in _urls(route, ids):
                for method in ("get", "post"):
                    if method == "post" and name in SIGN_OUT:
                        continue
                    requests += 1
                    try:
                        response = getattr(client, method)(path, _fields(value))
                    except Exception as error:  # a 500
                        failures.append(f"{who} {method.upper()} {path}: {error!r}")
                        continue
                    if response.status_code >= 500:
                        failures.append(f"{who} {method.upper()} {path}: {response.status_code}")
                    elif MARKER in _body(response) or "dupre.example" in _body(response):
                        failures.append(f"{who} {method.upper()} {path}: the other firm's data")
    elapsed = time.monotonic() - started
    print(f"{requests} requests in {elapsed:.1f} s")
    assert failures == [], "\n".join(failures[:50])
    assert requests > 2000

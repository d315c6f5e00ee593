"""The firm's activity feed (X-1) and email log (W-6) for owners and admins, and a client's
Emails tab with "Retry now"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portico.core.models import HistoryEvent
from portico.firms import queries
from portico.messaging.models import EmailLog
from tests.factories import EmailLogFactory, HistoryEventFactory

pytestmark = pytest.mark.django_db

ACTIVITY = reverse("firms:activity")
EMAILS = reverse("firms:email_log")


def event(personas, verb, actor=None, days_ago=0, **fields):
    row = HistoryEventFactory(firm=personas.firm, verb=verb, actor=actor, **fields)
    HistoryEvent.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return row


def test_feed_and_email_log_are_for_owners_and_admins(client_for, personas):
    for url in (ACTIVITY, EMAILS):
        for member in (personas.owner, personas.admin):
            assert client_for(member).get(url).status_code == 200
        for member in (personas.accountant, personas.see_all, personas.manager, personas.outsider):
            assert client_for(member).get(url).status_code == 404
        assert client_for(personas.client_user).get(url).status_code == 404


def test_feed_shows_sign_ins_with_address_and_browser_and_filters(client_for, personas):
    ana = personas.accountant.user
    event(
        personas,
        "member.signed_in",
        ana,
        after={"ip_address": "203.0.113.9", "browser": "Firefox/140"},
    )
    event(
        personas,
        "signin.failed",
        ana,
        days_ago=3,
        after={"ip_address": "198.51.100.7", "browser": "curl"},
    )
    event(personas, "member.changed", personas.owner.user, subject=ana.email)
    event(personas, "expenses.exported", personas.admin.user, days_ago=10)
    HistoryEventFactory(
        firm=personas.foreign_account.firm, verb="member.signed_in", subject="foreign"
    )
    client = client_for(personas.owner)
    page = client.get(ACTIVITY).text
    assert "203.0.113.9" in page and "Firefox/140" in page and "signed in" in page
    assert "failed to sign in" in page and "foreign" not in page
    signins = client.get(ACTIVITY, {"kind": "signins"}).context["events"]
    assert [e.verb for e in signins] == ["member.signed_in", "signin.failed"]
    exports = client.get(ACTIVITY, {"kind": "imports_exports"}).context["events"]
    assert [e.verb for e in exports] == ["expenses.exported"]
    mine = client.get(ACTIVITY, {"member": personas.owner.user.pk}).context["events"]
    assert [e.verb for e in mine] == ["member.changed"]
    today = timezone.localdate()
    recent = client.get(ACTIVITY, {"since": (today - timedelta(days=5)).isoformat()})
    assert {e.verb for e in recent.context["events"]} == {
        "member.signed_in",
        "signin.failed",
        "member.changed",
    }
    bad = client.get(ACTIVITY, {"since": "2026-02-30", "kind": "nope", "member": "x"})
    assert bad.status_code == 400 and len(bad.context["events"]) == 4  # filters ignored, told


def test_feed_is_keyset_paged(client_for, personas, django_assert_max_num_queries):
    for n in range(queries.PAGE + 5):
        event(personas, "member.signed_in", personas.accountant.user, after={"n": n})
    client = client_for(personas.admin)
    with django_assert_max_num_queries(8):
        first = client.get(ACTIVITY)
    assert len(first.context["events"]) == queries.PAGE
    cursor = first.context["next_cursor"]
    assert cursor
    with django_assert_max_num_queries(8):
        second = client.get(ACTIVITY, {"after": cursor})
    assert len(second.context["events"]) == 5 and second.context["next_cursor"] is None
    seen = {e.pk for e in first.context["events"]} | {e.pk for e in second.context["events"]}
    assert len(seen) == queries.PAGE + 5
    assert client.get(ACTIVITY, {"after": "garbage"}).status_code == 200


def test_a_kind_is_paged_newest_first_whether_rare_or_not(client_for, personas, monkeypatch):
    for n in range(queries.PAGE + 5):
        event(personas, "staff.invited", personas.owner.user, days_ago=n, subject=f"i{n}")
        event(personas, "member.signed_in", personas.accountant.user, days_ago=n)
    client = client_for(personas.admin)
    for short in (queries.SHORT_KIND, 10):  # read through its ids, and as any other filter
        monkeypatch.setattr(queries, "SHORT_KIND", short)
        first = client.get(ACTIVITY, {"kind": "invitations"}).context
        assert [e.subject for e in first["events"]] == [f"i{n}" for n in range(queries.PAGE)]
        later = client.get(ACTIVITY, {"kind": "invitations", "after": first["next_cursor"]})
        assert [e.subject for e in later.context["events"]] == [
            f"i{n}" for n in range(queries.PAGE, queries.PAGE + 5)
        ]
        assert later.context["next_cursor"] is None


def test_feed_query_count_is_flat(client_for, personas):
    """Each event's actor, account, verb and details come with the page's one query: a page
    of one event and a page of 50 (every one with another actor and account) cost the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import AccountFactory, MemberFactory

    client = client_for(personas.admin)

    def queries_for_page():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(ACTIVITY).status_code == 200
        return len(captured)

    event(personas, "account.updated", personas.owner.user, account=personas.account)
    one = queries_for_page()
    for n in range(queries.PAGE):
        account = AccountFactory(firm=personas.firm, name=f"Cuenta {n}")
        actor = MemberFactory(firm=personas.firm).user
        event(personas, "account.updated", actor, account=account, before={"n": n})
    page = client.get(ACTIVITY)
    assert page.text.count("Cuenta ") == queries.PAGE
    assert queries_for_page() == one
    for kind in ("signins", "imports_exports", "rights", "invitations", "clients"):
        assert len(client.get(ACTIVITY, {"kind": kind}).context["events"]) == 0


def test_feed_rows_escape_and_link(client_for, personas):
    event(
        personas,
        "account.updated",
        personas.owner.user,
        account=personas.account,
        subject="<b>x</b>",
        before={"name": "<i>old</i>"},
        after={"name": "new"},
    )
    event(personas, "member.signed_in", None, after={"ip_address": "192.0.2.1"})
    page = client_for(personas.admin).get(ACTIVITY).text
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    assert "Name: &lt;i&gt;old&lt;/i&gt; → new" in page
    assert reverse("clients:info", args=[personas.account.pk]) in page
    assert "192.0.2.1 · Unknown browser" in page and "<strong>Portico</strong> signed in" in page


def test_email_log_lists_the_firms_emails_and_retries_a_failed_one(client_for, personas):
    failed = EmailLogFactory(
        firm=personas.firm,
        status="failed",
        last_error="ConnectionRefusedError: [Errno 111]",
        to="ines@example.es",
    )
    EmailLogFactory(firm=personas.firm, status="sent", to="raul@example.es")
    foreign = EmailLogFactory(
        firm=personas.foreign_account.firm, status="failed", to="x@example.fr"
    )
    client = client_for(personas.admin)
    page = client.get(EMAILS).text
    assert (
        "ines@example.es" in page
        and "ConnectionRefusedError" in page
        and "x@example.fr" not in page
    )
    assert [e.to for e in client.get(EMAILS, {"status": "failed"}).context["emails"]] == [
        "ines@example.es"
    ]
    assert client.post(reverse("firms:retry_email", args=[foreign.pk])).status_code == 404
    assert (
        client_for(personas.manager)
        .post(reverse("firms:retry_email", args=[failed.pk]))
        .status_code
        == 404
    )
    assert client.post(reverse("firms:retry_email", args=[failed.pk])).status_code == 302
    failed.refresh_from_db()
    assert failed.status == "queued"  # handed to the worker at commit
    again = client.post(reverse("firms:retry_email", args=[failed.pk]), follow=True)
    assert "no longer failed" in again.text


def test_a_clients_emails_tab(client_for, personas, django_assert_max_num_queries):
    account = personas.account
    log = EmailLogFactory(
        firm=personas.firm,
        account=account,
        status="failed",
        last_error="SMTPServerDisconnected",
        to="cliente@panaderia.es",
    )
    EmailLogFactory(firm=personas.firm, account=personas.other_account, to="other@talleres.es")
    url = reverse("clients:emails", args=[account.pk])
    client = client_for(personas.accountant)  # on the team, may not edit
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.status_code == 200
    assert "cliente@panaderia.es" in page.text and "other@talleres.es" not in page.text
    assert "Retry now" not in page.text
    retry = reverse("clients:email_retry", args=[account.pk, log.pk])
    assert client.post(retry).status_code == 404
    for member in (personas.outsider, personas.foreign_owner):
        assert client_for(member).get(url).status_code == 404
    manager = client_for(personas.manager)
    assert "Retry now" in manager.get(url).text
    assert manager.post(retry).status_code == 302
    assert EmailLog.objects.get(pk=log.pk).status == "queued"
    other = reverse(
        "clients:email_retry", args=[account.pk, EmailLog.objects.get(to="other@talleres.es").pk]
    )
    assert manager.post(other).status_code == 404


def _details(page, marker):
    """The text of the feed row whose head holds `marker`, tags dropped, spaces squeezed."""
    import html
    import re

    row = next(r for r in page.split('<li class="list-group-item">') if marker in r)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", row.split("</li>")[0])).split())


def test_feed_details_read_as_words_in_the_readers_language(client_for, personas):
    owner = personas.owner.user
    account = personas.account
    event(
        personas,
        "switches.changed",
        owner,
        account=account,
        subject="lucia@example.es",
        before={"login": False},
        after={"login": True},
    )
    event(
        personas,
        "accountants.notified",
        owner,
        account=account,
        subject=account.name,
        after={"tasks": ["missing_receipts", "to_export"], "comment": "Faltan tickets", "to": []},
    )
    event(
        personas,
        "estimate.accepted",
        owner,
        account=account,
        subject="Estimate 60",
        before={"number": "", "status": "outstanding", "total": "1067.16"},
        after={"number": "", "status": "accepted", "total": "1067.16"},
    )
    event(personas, "invoice.created", owner, account=account, subject="Draft invoice")
    event(
        personas,
        "profile.changed",
        owner,
        subject=owner.email,
        before={"language": "es"},
        after={"language": "fr"},
    )
    event(
        personas,
        "invitation.sent",
        owner,
        subject="ana@example.es",
        after={"invitation": 33, "expires_at": "2026-12-14T01:15:26+00:00"},
    )
    es = client_for(personas.owner, "es").get(ACTIVITY).text
    assert "Iniciar Sesión: No → Sí" in _details(es, "lucia@example.es")
    notified = _details(es, "notificó a los contables")
    assert "Recibos faltantes y Gastos para exportar" in notified
    assert "Comentario: Faltan tickets" in notified and "missing_receipts" not in notified
    assert notified.count(account.name) == 1  # the subject repeated the account's name
    accepted = _details(es, "Estimación 60")
    assert "Estado: Pendiente de aceptación → Aceptado" in accepted
    assert "number" not in accepted.lower() and "1067" not in accepted  # unchanged: left out
    assert "Idioma: Español → Français" in _details(es, owner.email)
    sent = _details(es, "ana@example.es")
    assert "14/12/2026" in sent and "33" not in sent  # the invitation's id is internal
    fr = client_for(personas.owner, "fr").get(ACTIVITY).text
    assert "a créé un devis" not in fr and "· Devis 60" in _details(fr, "Devis 60")
    assert "· Brouillon de facture" in _details(fr, "Brouillon de facture")
    assert "Estimate" not in fr and "Draft invoice" not in fr
    assert "Statut\u00a0: En attente d’acceptation → Accepté" in fr  # French typography
    for raw in ("False", "True", "['", "outstanding", "login:", "language:"):
        assert raw not in es and raw not in fr, raw


def test_events_keep_their_subject_in_english_whatever_the_writers_language(personas):
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    from portico.core.history import record

    with translation.override("fr"):
        row = record(
            actor=None, firm=personas.firm, verb="billing.settings", subject=gettext_lazy("Yes")
        )
    assert row.subject == "Yes"

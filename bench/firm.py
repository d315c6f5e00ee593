"""The firm's own pages in the bench dataset (issue 18): the activity feed over 1,000,000 History
events, Home, and the client book's export of 100,000 accounts.

`ensure_history(firm, total, rng)` is an extra step of the dataset: HISTORY_EVENTS events
over three years (sign-ins with address and browser, account and contact changes, expenses,
and rare ones — imports, exports, rights, staff invitations — as a firm has them), written in
bulk through core.history.record_many; skipped when the firm already has them. `pages(heavy)`
adds the feed's scenarios and Home to scenarios.pages(). `python -m bench.firm --label SQLite`
measures just those against gunicorn, then the export's time to first byte, whole time and the
web worker's memory while it streams."""

import argparse
import os
import re
import time
import urllib.parse
import urllib.request
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portico.settings")
django.setup()  # run as `python -m bench.firm`, like bench.run

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from portico.clients.models import ClientAccount  # noqa: E402
from portico.core.history import event, record_many  # noqa: E402
from portico.core.models import HistoryEvent  # noqa: E402
from portico.firms.models import Member, Role  # noqa: E402

HISTORY_EVENTS = {"S": 20_000, "M": 1_000_000}  # by dataset size
BATCH = 50_000
DAYS = 3 * 365
# (verb, weight): most events are sign-ins and everyday changes; imports, exports, rights and
# staff invitations are rare (the feed's "rare kind" is the staff invitations, ~100 events).
VERBS = [
    ("member.signed_in", 30_000),
    ("portal.signed_in", 10_000),
    ("account.updated", 15_000),
    ("contact.updated", 10_000),
    ("tags.changed", 8_000),
    ("team.added", 4_000),
    ("expense.created", 15_000),
    ("invitation.sent", 4_000),
    ("signin.failed", 3_000),
    ("account.created", 500),
    ("account.archived", 100),
    ("expenses.exported", 200),
    ("clients.exported", 50),
    ("clients.imported", 30),
    ("member.changed", 30),
    ("firm.settings", 20),
    ("staff.deactivated", 5),
    ("staff.invited", 10),
    ("staff.invitation_cancelled", 3),
]
BROWSERS = ["Firefox/140.0", "Chrome/142.0", "Safari/18.4", "Edg/142.0"]


def ensure_history(firm, total, rng, log=print) -> None:
    """Add `total` History events to `firm`, unless it has them already."""
    if HistoryEvent.objects.filter(firm=firm).count() >= total:
        return
    started = time.monotonic()
    staff = list(Member.objects.filter(firm=firm).values_list("user_id", "role"))
    # Owners, admins and the three heavy accountants act most.
    weights = [
        5 if role != Role.ACCOUNTANT else (4 if n < 5 else 1) for n, (_u, role) in enumerate(staff)
    ]
    actors = [user for user, _role in staff]
    accounts = list(ClientAccount.objects.filter(firm=firm).values_list("pk", flat=True))
    verbs, verb_weights = zip(*VERBS, strict=True)
    now = timezone.now()
    for start in range(0, total, BATCH):
        rows = []
        for _ in range(min(BATCH, total - start)):
            verb = rng.choices(verbs, verb_weights)[0]
            actor = rng.choices(actors, weights)[0]
            rows.append(_event(firm, verb, actor, accounts, rng, now))
        with transaction.atomic():
            record_many(rows)
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE core_historyevent"
        )
    log(f"  history: {time.monotonic() - started:.1f} s")


def _event(firm, verb, actor, accounts, rng, now) -> dict:
    account, subject, before, after = None, "", None, None
    if verb in ("member.signed_in", "signin.failed"):
        after = {"ip_address": f"203.0.113.{rng.randint(1, 254)}", "browser": rng.choice(BROWSERS)}
    elif verb.startswith(
        ("account.", "contact.", "tags.", "team.", "expense.", "invitation.", "portal.")
    ):
        account = rng.choice(accounts)
        if verb == "portal.signed_in":
            actor = None
        if verb in ("account.updated", "contact.updated"):
            before, after = {"phone": "600 000 000"}, {"phone": f"600 {rng.randint(100, 999)} 000"}
    elif verb.endswith((".exported", ".imported")):
        subject, after = "CSV", {"accounts": rng.randint(10, 5000)}
    elif verb.startswith("staff.") or verb == "member.changed":
        subject = f"persona{rng.randint(1, 500)}@bench.example"
        before, after = {"role": "accountant"}, {"role": "admin"}
    row = event(
        actor=actor,
        firm=firm,
        verb=verb,
        account=account,
        subject=subject,
        before=before,
        after=after,
    )
    row["created_at"] = now - timedelta(seconds=rng.uniform(0, DAYS * 86_400))
    return row


# --- Measurements --------------------------------------------------------------------------------


def pages(heavy):
    """(budget, persona, label, path, headers) of the activity feed and Home; `heavy` is the
    accountant the "accountant" persona signs in as."""
    from bench.generate import FIRM_NAME

    events = HistoryEvent.objects.filter(firm__name=FIRM_NAME)
    if not events.exists():
        return []
    feed = "/settings/activity/"
    oldest = events.order_by("created_at", "id").first()
    half = events.count() // 2
    middle = events.order_by("created_at", "id")[half : half + 1].first() or oldest
    cursor = f"{middle.created_at.isoformat()}_{middle.pk}"
    today = timezone.localdate()
    since, until = today - timedelta(days=400), today - timedelta(days=393)
    week = f"since={since.isoformat()}&until={until.isoformat()}"
    count = f"{events.count():,}"
    return [
        ("activity", "admin", f"Activity feed ({count} events)", feed, {}),
        ("activity", "admin", "Activity feed, one member", f"{feed}?member={heavy.user_id}", {}),
        ("activity", "admin", "Activity feed, sign-ins", f"{feed}?kind=signins", {}),
        (
            "activity",
            "admin",
            "Activity feed, staff invitations (rare)",
            f"{feed}?kind=invitations",
            {},
        ),
        ("activity", "admin", "Activity feed, rights (rare)", f"{feed}?kind=rights", {}),
        ("activity", "admin", "Activity feed, a week a year ago", f"{feed}?{week}", {}),
        (
            "activity",
            "admin",
            "Activity feed, deep page (500,000th)",
            f"{feed}?after={urllib.parse.quote(cursor)}",
            {},
        ),
        ("home", "owner", "Home (owner)", "/", {}),
        ("home", "accountant", f"Home ({heavy})", "/", {}),
    ]


def measure_pages(base, heavy, requests):
    from bench import scenarios

    return scenarios.measure_pages(base, pages(heavy), heavy, requests)


def measure_export(base, server_pid, file_format="csv"):
    """The owner exports every account (the All tab, all matching): seconds to the first byte
    and to the last, bytes, and the largest resident set of the web workers meanwhile (MB),
    sampled every 0.2 s, against theirs before and after."""
    from bench import run
    from bench.generate import PASSWORD
    from bench.http import Session

    session = Session(base)
    session.sign_in("owner@bench.example", PASSWORD)
    _, _, page = session.get("/clients/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "format": file_format,
            "all_matching": "1",
            "query": "tab=all",
        }
    ).encode()
    before = run.worker_memory_mb(server_pid)
    started = time.monotonic()
    with run.peaks(web=lambda: run.worker_memory_mb(server_pid)) as peak:
        request = urllib.request.Request(base + "/clients/export/", data=body)
        with session.opener.open(request, timeout=600) as response:
            first = response.read(1)
            first_byte = time.monotonic() - started
            size = len(first) + sum(len(chunk) for chunk in iter(lambda: response.read(65536), b""))
    return {
        "format": file_format,
        "first_byte_s": round(first_byte, 2),
        "whole_s": round(time.monotonic() - started, 1),
        "bytes": size,
        "worker_mb_before": before,
        "worker_mb_peak": peak["web"],
        "worker_mb_after": run.worker_memory_mb(server_pid),
    }


def main():
    """Measure the feed, Home and the export only (dataset M and its history built first)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", required=True)
    parser.add_argument("--size", default="M")
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--export-only", action="store_true", help="measure the export alone")
    args = parser.parse_args()

    from bench import machine, run, scenarios

    run.prepare(args.size)
    with run.serving() as (base, server):
        print(f"CPU reference before: {machine.speed()}", flush=True)
        heavy = scenarios.heaviest_accountant()
        print(f"{args.label}: {HistoryEvent.objects.count():,} History events", flush=True)
        if not args.export_only:
            measure_pages(base, heavy, args.requests)
        if not args.skip_export:
            for file_format in ("csv", "xlsx"):
                print(f"  export: {measure_export(base, server.pid, file_format)}", flush=True)
        print(f"CPU reference after: {machine.speed()}", flush=True)


if __name__ == "__main__":
    main()

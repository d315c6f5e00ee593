"""What the benchmarks measure: each page of DESIGN.md's budgets, as the personas who use it."""

import math
import statistics
import threading
import time

from django.db.models import Count

from bench import billing, firm, work
from bench.generate import FIRM_NAME, PASSWORD, TYPICAL_SEARCH
from bench.http import Session, timing
from portico.clients.models import ClientAccount, Tag
from portico.firms.models import Member
from portico.portal.models import PendingTally

HTMX = {"HX-Request": "true", "HX-Target": "client-results"}


def heaviest_accountant():
    """The accountant of the bench firm with most clients on their team."""
    return (
        Member.objects.filter(firm__name=FIRM_NAME, role="accountant", can_see_all_accounts=False)
        .annotate(n=Count("teammembership"))
        .order_by("-n")
        .first()
    )


def pages():
    """(budget, persona, label, path, headers) for every page measured."""
    firm_accounts = ClientAccount.objects.filter(firm__name=FIRM_NAME)
    tag = Tag.objects.filter(firm__name=FIRM_NAME).order_by("pk").first()
    heavy = heaviest_accountant()
    last_page = math.ceil(firm_accounts.count() / 50)  # All lists onboarding accounts too
    pending = PendingTally.objects.get(firm__name=FIRM_NAME).pending_emails
    big = firm_accounts.annotate(n=Count("links")).order_by("-n", "pk").first()
    clients = [
        ("All tab", "?tab=all"),
        ("My clients tab", "?tab=mine"),
        ("Onboarding tab", "?tab=onboarding"),
        ("Search (0.5 % match)", f"?tab=all&q={TYPICAL_SEARCH}"),
        ("Search, as you type (htmx)", f"?tab=all&q={TYPICAL_SEARCH[:5]}"),
        ("Search by part of an email", "?tab=all&q=0%40example.es"),
        ("Filter: type", "?tab=all&kind=individual"),
        ("Filter: tag", f"?tab=all&tag={tag.pk}"),
        ("Filter: team member", f"?tab=all&member={heavy.pk}"),
        ("Filter: status active", "?tab=all&status=active"),
        ("Sort: name Z–A", "?tab=all&sort=-name"),
        ("Sort: newest", "?tab=all&sort=-created"),
        ("Deep page (1,000)", "?tab=all&page=1000"),
        ("Last page", f"?tab=all&page={last_page}"),
        ("Filter: status disconnected", "?tab=all&status=disconnected"),
        ("Sort: most missing receipts", "?tab=all&sort=-missing"),
        ("Sort: last login", "?tab=all&sort=-login"),
        ("Invitations tab", "?tab=invitations"),
        ("Pending activation tab", "?tab=pending"),
        ("Pending activation, latest sent first", "?tab=pending&sort=-sent"),
        ("Pending activation, last page", f"?tab=pending&page={math.ceil(pending / 50)}"),
    ]
    measured = [("clients", "admin", label, f"/clients/{query}", {}) for label, query in clients]
    measured[4] = (*measured[4][:4], HTMX)
    measured += [
        ("clients", "accountant", "My clients (accountant with most clients)", "/clients/", {}),
        ("clients", "accountant", "Search (accountant)", f"/clients/?q={TYPICAL_SEARCH}", {}),
        ("info", "admin", "Profile Info tab (largest account)", f"/clients/{big.pk}/info/", {}),
        ("workspace", "admin", "Go to client (workspace)", f"/clients/{big.pk}/workspace/", {}),
        ("quick", "admin", "Quick open (htmx)", "/clients/quick-open/?q=zubiz", HTMX),
    ]
    measured += work.pages(heavy)
    measured += billing.pages()
    measured += firm.pages(heavy)
    return measured, heavy


def sessions(base, heavy):
    admin = Session(base)
    admin.sign_in("admin@bench.example", PASSWORD)
    accountant = Session(base)
    accountant.sign_in(heavy.user.email, PASSWORD)
    owner = Session(base)
    owner.sign_in("owner@bench.example", PASSWORD)
    return {"admin": admin, "accountant": accountant, "owner": owner}


def measure_pages(base, measured, heavy, requests):
    """Warm up, then request each of `measured` ((budget, persona, label, path, headers)) once
    a round for `requests` rounds, as its persona; print each page's p50/p95 and queries and
    return them as [{"budget", "label", "path", "p50", "p95", "max", "queries"}]. What the
    one-area runners (bench.work, bench.billing, bench.firm) measure."""
    by_persona = sessions(base, heavy)
    for _, persona, _, path, headers in measured:
        warm_up(by_persona[persona], path, headers)
    samples = {label: ([], []) for _, _, label, _, _ in measured}
    for _ in range(requests):
        for _, persona, label, path, headers in measured:
            duration, queries = sample(by_persona[persona], path, headers)
            samples[label][0].append(duration)
            samples[label][1].append(queries)
    rows = []
    for (budget, _, label, path, _), (times, queries) in zip(
        measured, samples.values(), strict=True
    ):
        result = summary(times, queries)
        rows.append({"budget": budget, "label": label, "path": path, **result})
        print(
            f"  {label:<52} p50 {result['p50']:>6} ms  p95 {result['p95']:>6} ms"
            f"  {result['queries']} queries",
            flush=True,
        )
    return rows


def warm_up(session, path, headers, times=10):
    # Enough to reach both gunicorn workers: a worker's first request of a page compiles its
    # templates and queries, which a server in use has long done.
    for _ in range(times):
        session.get(path, headers)


def sample(session, path, headers):
    """One request's server time and SQL query count."""
    status, response_headers, _ = session.get(path, headers)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    return timing(response_headers)


def summary(times, query_counts):
    times = sorted(times)
    return {
        "p50": round(statistics.median(times), 1),
        "p95": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
        "max": round(times[-1], 1),
        "queries": max(query_counts),
    }


def throughput(base, paths, seconds, connections=16):
    """Requests per second with `connections` clients looping over `paths` for `seconds`."""
    done, errors, stop = [0], [0], time.monotonic() + seconds
    lock = threading.Lock()

    def client():
        session = Session(base)
        session.sign_in("admin@bench.example", PASSWORD)
        n = 0
        while time.monotonic() < stop:
            try:
                session.get(paths[n % len(paths)])
                with lock:
                    done[0] += 1
            except Exception:  # a refused or failed request counts as an error, not a crash
                with lock:
                    errors[0] += 1
            n += 1

    threads = [threading.Thread(target=client) for _ in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"connections": connections, "rps": round(done[0] / elapsed, 1), "errors": errors[0]}


def measure_all(base, count, seconds):
    """Each page `count` times, in rounds that request every page once: a slow spell of the
    machine then slows every page a little instead of one page a lot."""
    measured, heavy = pages()
    by_persona = sessions(base, heavy)
    for _, persona, _, path, headers in measured:
        warm_up(by_persona[persona], path, headers)
    samples = [([], []) for _ in measured]
    for _ in range(count):
        for (_, persona, _, path, headers), (times, queries) in zip(measured, samples, strict=True):
            duration, query_count = sample(by_persona[persona], path, headers)
            times.append(duration)
            queries.append(query_count)
    rows = []
    for (budget, _, label, path, _), (times, queries) in zip(measured, samples, strict=True):
        result = summary(times, queries)
        rows.append({"budget": budget, "label": label, "path": path, **result})
        print(f"  {label:<45} p95 {result['p95']:>7} ms  {result['queries']} queries", flush=True)
    mix = [path for budget, _, _, path, headers in measured if budget == "clients" and not headers]
    load = throughput(base, mix, seconds)
    print(f"  {load['rps']} requests/s at {load['connections']} connections", flush=True)
    return {"pages": rows, "throughput": load}

"""Write docs/PERFORMANCE.md from the var/bench-*.json files that bench/run.py left."""

import json
import platform
import sys
from datetime import date
from pathlib import Path

from bench.budgets import BUDGETS, CLIENTS_SLOWER_AT_MOST
from bench.machine import description

ROOT = Path(__file__).resolve().parent.parent
BEFORE_AFTER = "## Before and after"


def verdict(row):
    budget = BUDGETS.get(row["budget"])
    if not budget:
        return "–"
    ms, queries = budget
    ok = row["p95"] <= ms and (queries is None or row["queries"] <= queries)
    return "✅" if ok else "❌"


def table(result):
    lines = [
        f"### {result['label']} ({dataset(result)}, dataset {result['size']})",
        "",
        "| page | p50 ms | p95 ms | max ms | SQL queries | budget |",
        "| --- | ---: | ---: | ---: | ---: | :---: |",
    ]
    for row in result["pages"]:
        lines.append(
            f"| {row['label']} | {row['p50']} | {row['p95']} | {row['max']} | {row['queries']} "
            f"| {verdict(row)} |"
        )
    load = result["throughput"]
    lines += [
        "",
        f"- Throughput: **{load['rps']} requests/s** at {load['connections']} concurrent "
        f"connections over the Clients page mix ({load['errors']} errors), 2 gunicorn workers.",
        f"- Largest web worker after the run: **{result['memory_mb']} MB** RSS (budget 150 MB).",
        *cpu_line(result.get("cpu_reference")),
        *bulk_invite_line(result.get("bulk_invite")),
        *digest_line(result.get("digests")),
        *export_lines(result.get("exports")),
        *import_line(result.get("import")),
        *invoice_line(result.get("invoice")),
        "",
    ]
    return lines


def dataset(result):
    expenses = result.get("expenses")
    return f"{result['accounts']:,} accounts" + (f", {expenses:,} expenses" if expenses else "")


def cpu_line(reference):
    if not reference:
        return []
    before, after = reference["before"], reference["after"]
    return [
        f"- CPU reference (bench/machine.py, fastest / median of 15 rounds): "
        f"{before['min_ms']} / {before['median_ms']} ms before the pages, "
        f"{after['min_ms']} / {after['median_ms']} ms after."
    ]


def digest_line(run):
    if not run:
        return []
    return [
        f"- Digest job over {run['subscriptions']:,} due subscriptions: {run['emails']} digest "
        f"emails written in **{run['seconds']} s** (budget 60 s) "
        f"{'✅' if run['seconds'] <= 60 else '❌'}."
    ]


def export_lines(exports):
    """The client book's export of every account (DESIGN.md: first byte ≤ 1 s, memory flat)."""
    lines = []
    for run in exports or []:
        grew = run["worker_mb_peak"] - run["worker_mb_before"]
        ok = run["first_byte_s"] <= 1 and run["worker_mb_peak"] <= 150
        lines.append(
            f"- Export of every account as {run['format'].upper()} ({run['bytes'] / 1e6:.1f} MB):"
            f" first byte after **{run['first_byte_s']} s** (budget 1 s), the whole file after "
            f"{run['whole_s']} s; the web worker {run['worker_mb_before']} → "
            f"{run['worker_mb_peak']} MB at most (+{grew:.1f} MB) {'✅' if ok else '❌'}."
        )
    return lines


def import_line(run):
    """The client-book import of bench/imports.py (DESIGN.md: ≤ 60 s, web worker ≤ 150 MB)."""
    if not run:
        return []
    ok = run["state"] == "done" and run["total_s"] <= 60 and run["web_mb_peak"] <= 150
    return [
        f"- Import of {run['accounts_created']:,} accounts with {run['contacts_created']:,} "
        f"contacts (a {run['bytes'] / 1e6:.1f} MB Windows-1252 CSV, through the pages): dry run "
        f"{run['check_s']} s, import {run['import_s']} s, **{run['total_s']} s** from upload "
        f"to done (budget 60 s); largest web worker {run['web_mb_peak']} MB, task worker "
        f"{run['worker_mb_peak']} MB {'✅' if ok else '❌'}."
    ]


def invoice_line(run):
    if not run:
        return []
    ok = run["issue"]["p95"] <= 100 and run["pdf"]["p95"] <= 500
    return [
        f"- Issuing an invoice p95 **{run['issue']['p95']} ms** (budget 100 ms), rendering its "
        f"PDF p95 **{run['pdf']['p95']} ms** (budget 500 ms), in-process, warm "
        f"{'✅' if ok else '❌'}."
    ]


def bulk_invite_line(bulk):
    if not bulk:
        return []
    within = bulk["request_ms"] <= 2000 and bulk["all_delivered_s"] <= 60
    return [
        f"- Bulk invitation of {bulk['invited']:,} contact emails: the request took "
        f"**{bulk['request_ms'] / 1000:.2f} s** ({bulk['request_queries']} queries; budget 2 s), "
        f"and the worker had handed {bulk['delivered']:,} emails to the SMTP server after "
        f"**{bulk['all_delivered_s']} s** (budget 60 s) {'✅' if within else '❌'}."
    ]


def before_after(results):
    """docs/PERFORMANCE.md's "Before and after" section from bench/ab.py's results."""
    lines = [
        BEFORE_AFTER,
        "",
        "`make bench-ab BASE=<rev>` serves BASE (from a temporary git worktree, its own copy of "
        "the dataset migrated by its own code) and the working tree (HEAD) at once, on the same "
        "data, and requests each page from both in every round, alternating which goes first. The "
        f"Clients page may be at most {CLIENTS_SLOWER_AT_MOST - 1:.0%} slower (issue 16): its "
        "verdict is on the sum of its pages' p95, as a single page's p95 moves by more than that "
        "from run to run on this machine.",
        "",
    ]
    for result in results:
        lines += ab_table(result)
    return lines


def ab_table(result):
    lines = [
        f"### {result['label']}, dataset {result['size']} ({result['date']}, "
        f"{result['rounds']} rounds)",
        "",
        f"BASE {result['base']}; HEAD {result['head']}.",
        "",
        "| page | BASE p95 ms | HEAD p95 ms | HEAD / BASE | p50 ms, BASE → HEAD | SQL queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in result["pages"]:
        base, head = row["base"], row["head"]
        queries = f"{base['queries']} → {head['queries']}"
        lines.append(
            f"| {row['label']} | {base['p95']} | {head['p95']} | {row['ratio']:.2f} "
            f"| {base['p50']} → {head['p50']} | {queries} |"
        )
    clients = [row for row in result["pages"] if row["budget"] == "clients"]
    if clients:
        ratio, median = (summed_ratio(clients, key) for key in ("p95", "p50"))
        ok = "✅" if ratio <= CLIENTS_SLOWER_AT_MOST else "❌"
        lines += [
            "",
            f"- Clients page, its {len(clients)} pages' p95 summed: HEAD / BASE "
            f"**{ratio:.2f}** {ok} (their p50 summed: {median:.2f}).",
        ]
    lines += [*cpu_line(result.get("cpu_reference")), ""]
    return lines


def summed_ratio(rows, key):
    return sum(r["head"][key] for r in rows) / sum(r["base"][key] for r in rows)


def with_before_after(text, section):
    """`text` (docs/PERFORMANCE.md) with its Before and after section replaced by `section`, or
    `section` put before the notes (the first "## " heading) when it has none."""
    lines = text.split("\n")
    headings = [n for n, line in enumerate(lines) if line.startswith("## ")]
    if BEFORE_AFTER in lines:
        start = lines.index(BEFORE_AFTER)
        end = next((n for n in headings if n > start), len(lines))
    else:
        start = end = headings[0] if headings else len(lines)
    return "\n".join(lines[:start] + section + lines[end:])


def main(paths):
    results = [json.loads(Path(p).read_text()) for p in paths]
    budgets = ", ".join(
        f"{name}: p95 ≤ {ms} ms" + (f", ≤ {q} queries" if q else "")
        for name, (ms, q) in BUDGETS.items()
    )
    lines = [
        "# Performance",
        "",
        f"Measured by `make bench` on {date.today().isoformat()}: {description()}, "
        f"Python {platform.python_version()}.",
        "Server time is what the app itself spends per request (the `Server-Timing` header of "
        "`PORTICO_SERVER_TIMING`), measured over sequential requests after a warm-up, in rounds "
        "that request every page once; gunicorn serves with DEBUG off on 127.0.0.1.",
        f"Budgets (DESIGN.md): {budgets}.",
        "",
    ]
    for result in results:
        lines += table(result)
    out = ROOT / "docs" / "PERFORMANCE.md"
    earlier = out.read_text().split("\n") if out.exists() else []
    if BEFORE_AFTER in earlier:  # kept from the last `make bench-ab`
        start = earlier.index(BEFORE_AFTER)
        ends = (n for n, line in enumerate(earlier) if n > start and line.startswith("## "))
        end = next(ends, len(earlier))
        lines += earlier[start:end]
    notes = ROOT / "bench" / "NOTES.md"
    if notes.exists():
        lines += [notes.read_text()]
    out.write_text("\n".join(lines))
    print(f"wrote {out}")


def main_before_after(paths):
    results = [json.loads(Path(p).read_text()) for p in paths]
    for result in results:
        print("\n".join(ab_table(result)))
    out = ROOT / "docs" / "PERFORMANCE.md"
    out.write_text(with_before_after(out.read_text(), before_after(results)))
    print(f"wrote {out}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--before-after"]:
        main_before_after(sys.argv[2:])
    else:
        main(sys.argv[1:])

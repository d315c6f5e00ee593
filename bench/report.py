"""Write docs/PERFORMANCE.md from the var/bench-*.json files that bench/run.py left."""

import json
import platform
import sys
from datetime import date
from pathlib import Path

from bench.budgets import BUDGETS
from bench.machine import description

ROOT = Path(__file__).resolve().parent.parent


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
    notes = ROOT / "bench" / "NOTES.md"
    if notes.exists():
        lines += [notes.read_text()]
    out.write_text("\n".join(lines))
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1:])

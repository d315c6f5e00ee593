"""A/B bench: an older commit (BASE) and the working tree (HEAD) served side by side on the same
data, their pages requested interleaved, each page's p95 compared.

`python -m bench.ab --label SQLite --base <rev>` (or with DATABASE_URL set, on PostgreSQL; `make
bench-ab` runs both): BASE is checked out in a temporary git worktree (bench/checkout.py), the
dataset is built by BASE's own bench code if missing (SQLite: in var/bench-ab/<label>-data, or
an existing one given with --data, only read), each side gets a copy migrated by its own code,
and both are served by gunicorn at once (bench/run.py's server). Each round requests every page
from both, alternating which goes first, so a slow spell of the shared machine slows both alike.
Writes var/bench-ab/ab-<label>.json; `python -m bench.report --before-after` turns those into
docs/PERFORMANCE.md's "Before and after"."""

import argparse
import json
import os
import signal
import subprocess
import sys
import urllib.error
from datetime import date
from pathlib import Path

from bench import checkout
from bench.checkout import ROOT, WORK, Side


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", required=True)
    parser.add_argument("--base", default=None, help="git rev (default: merge-base with main)")
    parser.add_argument("--size", default="M")
    parser.add_argument("--data", type=Path, help="SQLite: a built dataset's VAR_DIR, only read")
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--only", help="budgets measured, comma-separated (e.g. clients)")
    args = parser.parse_args()

    base_commit = checkout.resolve(args.base or checkout.default_base())
    sides = prepare(args, base_commit)
    try:
        result = measure(args, sides)
    finally:
        checkout.remove_checkout()
    out = WORK / f"ab-{args.label.lower()}.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"wrote {out}")


def prepare(args, base_commit):
    """(BASE, HEAD) sides, each with its migrated copy of the dataset and its static files."""
    key, source_url = args.label.lower(), os.environ.get("DATABASE_URL")
    src = checkout.check_out(base_commit)
    python = checkout.python_for(src)
    if source_url:  # the source database is this run's own: built by BASE's code if missing
        source = Side("source", base_commit, src, python, WORK / f"{key}-data", source_url)
        source.prepare_dataset(args.size)
        urls = [checkout.copy_postgres(source_url, f"portico_ab_{s}") for s in ("base", "head")]
    else:
        data = args.data or WORK / f"{key}-data"
        if args.data is None:
            Side("source", base_commit, src, python, data, None).prepare_dataset(args.size)
        urls = [None, None]
    head_commit = checkout.git("rev-parse", "HEAD")
    sides = (
        Side("BASE", base_commit, src, python, WORK / f"{key}-base", urls[0]),
        Side("HEAD", head_commit, ROOT, Path(sys.executable), WORK / f"{key}-head", urls[1]),
    )
    for side in sides:
        if not source_url:
            checkout.copy_sqlite(data, side.var_dir)
        side.manage("migrate", "--noinput", "-v", "0")
        side.settle()
        side.manage("compiletranslations")
        side.manage("collectstatic", "--noinput", "-v", "0")
    return sides


def measure(args, sides):
    """Serve both sides and sample every page from each, alternating which goes first."""
    head = sides[1]
    os.environ["PORTICO_VAR_DIR"] = str(head.var_dir)  # this process reads HEAD's copy
    if head.database_url:
        os.environ["DATABASE_URL"] = head.database_url
    from bench import http, machine, run, scenarios  # set up Django on HEAD's copy (above)

    servers, bases = [], []
    try:
        for side in sides:
            port = run.free_port()
            env = side.env()
            servers.append(run.start_server(port, env, root=side.root, python=side.python))
            bases.append(f"http://127.0.0.1:{port}")
        for base in bases:
            http.wait_until_up(base)
        measured, heavy = scenarios.pages()
        if args.only:
            measured = [page for page in measured if page[0] in args.only.split(",")]
        clients = [scenarios.sessions(base, heavy) for base in bases]
        measured = served_by_both(measured, clients, scenarios.warm_up)
        speed_before = machine.speed()
        samples = [[([], []) for _ in sides] for _ in measured]
        for n in range(args.requests):
            order = (0, 1) if n % 2 == 0 else (1, 0)
            for (_, persona, _, path, headers), page in zip(measured, samples, strict=True):
                for i in order:
                    duration, queries = scenarios.sample(clients[i][persona], path, headers)
                    page[i][0].append(duration)
                    page[i][1].append(queries)
        speed_after = machine.speed()
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    rows = []
    for (budget, _, label, path, _), page in zip(measured, samples, strict=True):
        before, after = (scenarios.summary(*page[i]) for i in (0, 1))
        ratio = round(after["p95"] / before["p95"], 2)
        rows.append(
            {"budget": budget, "label": label, "path": path, "base": before, "head": after}
            | {"ratio": ratio}
        )
        print(f"  {label:<45} p95 {before['p95']:>6} → {after['p95']:>6} ms  ×{ratio}", flush=True)
    return {
        "label": args.label,
        "size": args.size,
        "date": date.today().isoformat(),
        "base": describe(sides[0].commit),
        "head": describe(sides[1].commit) + dirty(),
        "rounds": args.requests,
        "cpu_reference": {"before": speed_before, "after": speed_after},
        "pages": rows,
    }


def served_by_both(measured, clients, warm_up):
    """The pages both sides answer, each warmed up on both; a page one side does not have (an
    older commit without the feature) is left out, and said so."""
    kept = []
    for page in measured:
        _, persona, label, path, headers = page
        try:
            for by_persona in clients:
                warm_up(by_persona[persona], path, headers)
        except urllib.error.HTTPError as error:
            print(f"  left out {label}: {path} answered {error.code} on one side", flush=True)
            continue
        kept.append(page)
    return kept


def describe(commit) -> str:
    """`abc1234` (subject), shortened to 80 characters."""
    subject = checkout.git("log", "-1", "--format=%s", commit)
    subject = subject if len(subject) <= 80 else subject[:79] + "…"
    return f"`{commit[:7]}` ({subject})"


def dirty() -> str:
    changes = subprocess.run(
        ["git", "status", "--porcelain", "-uno"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return " with uncommitted changes" if changes else ""


if __name__ == "__main__":
    main()

"""Serve the app with gunicorn (DEBUG off) and measure DESIGN.md's budgets against it.

Run by `make bench` once per database: builds the dataset if missing, starts gunicorn on a free
loopback port with server timing on, signs in as the bench personas, warms up, then measures each
page's server time (p50/p95/max) and SQL query count, requests/s at 16 concurrent connections, and
the web workers' memory, with the CPU's speed timed before and after (bench/machine.py). Results
go to var/bench-<label>.json; bench/report.py writes docs/PERFORMANCE.md from them."""

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portico.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from bench import (  # noqa: E402
    billing,
    bulk_invite,
    digests,
    firm,
    generate,
    http,
    imports,
    machine,
    scenarios,
)
from bench.generate import FIRM_NAME, SIZES  # noqa: E402
from portico.clients.models import ClientAccount  # noqa: E402
from portico.core.management.commands import serve  # noqa: E402
from portico.expenses.models import Expense  # noqa: E402
from portico.firms.models import Firm  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", required=True)
    parser.add_argument("--size", default="M", choices=sorted(SIZES))
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    prepare(args.size)
    bulk_invite.drop_leftover_tasks()
    port, smtp_port = free_port(), free_port()
    smtp, inbox = bulk_invite.start_smtp(smtp_port)
    env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}"}
    server, workers = start_server(port, env), bulk_invite.start_workers(env)
    try:
        base = f"http://127.0.0.1:{port}"
        http.wait_until_up(base)
        speed_before = machine.speed()
        results = scenarios.measure_all(base, args.requests, args.seconds)
        results["cpu_reference"] = {"before": speed_before, "after": machine.speed()}
        results["memory_mb"] = worker_memory_mb(server.pid)
        results["bulk_invite"] = bulk_invite.measure(base, inbox)
        print(f"  bulk invite: {results['bulk_invite']}", flush=True)
        results["digests"] = digests.measure()
        print(f"  digest run: {results['digests']}", flush=True)
        results["exports"] = [firm.measure_export(base, server.pid, f) for f in ("csv", "xlsx")]
        print(f"  exports: {results['exports']}", flush=True)
        results["import"] = imports.measure(base, server.pid, [w.pid for w in workers])
        print(f"  import: {results['import']}", flush=True)
        results["invoice"] = billing.measure_issue_and_pdf()
        print(f"  issue and PDF (in-process, warm): {results['invoice']}", flush=True)
    finally:
        for process in (server, *workers):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
        smtp.stop()
    results.update(
        label=args.label,
        size=args.size,
        database=settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        accounts=ClientAccount.objects.filter(firm__name=FIRM_NAME).count(),
        expenses=Expense.objects.filter(firm__name=FIRM_NAME).count(),
    )
    out = Path(settings.VAR_DIR) / f"bench-{args.label.lower()}.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"wrote {out}")


def prepare(size):
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if not generate.is_built(SIZES[size]):
        call_command("bench_data", size=size)
    billing.ensure(SIZES[size])  # a dataset built before billing existed
    bench_firm = Firm.objects.get(name=FIRM_NAME)
    firm.ensure_history(bench_firm, firm.HISTORY_EVENTS[size], random.Random(18))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port, env, root=ROOT, python=sys.executable):
    """gunicorn serving the checkout at `root` with `python`'s environment (bench/ab.py serves an
    older commit from its own worktree)."""
    env = {**env, "PORTICO_SERVER_TIMING": "1", "PORTICO_DEBUG": "0"}
    gunicorn = Path(python).parent / "gunicorn"
    command = [str(gunicorn), "portico.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    command += ["--threads", "1", "--log-level", "warning", "--timeout", str(serve.WEB_TIMEOUT)]
    return subprocess.Popen(command, env=env, cwd=root)


@contextmanager
def serving(env=None):
    """gunicorn serving the working tree on a free loopback port, up and answering: yields
    (base URL, the server's Popen); stopped on the way out. The one-area runners (bench.work,
    bench.billing, bench.firm) measure against it."""
    port = free_port()
    server = start_server(port, dict(env or os.environ))
    try:
        base = f"http://127.0.0.1:{port}"
        http.wait_until_up(base)
        yield base, server
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def worker_memory_mb(master_pid):
    """The largest resident set of gunicorn's workers, in MB."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = [rss_mb(pid) for pid in children]
    return max(sizes) if sizes else None


def rss_mb(pid) -> float:
    """A process's resident set in MB (0.0 once it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except FileNotFoundError:
        pass
    return 0.0


@contextmanager
def peaks(**samplers):
    """While the block runs, call each of `samplers` (name → a function giving MB) every 0.2 s;
    yields {name: the largest value seen}, complete once the block has ended."""
    found = {name: sample() or 0.0 for name, sample in samplers.items()}
    done = threading.Event()

    def watch():
        while not done.wait(0.2):
            for name, sample in samplers.items():
                found[name] = max(found[name], sample() or 0.0)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        yield found
    finally:
        done.set()
        watcher.join()


if __name__ == "__main__":
    main()

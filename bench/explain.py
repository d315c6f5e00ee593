"""Where a page's time goes: each SQL query it runs, slowest first, with its time and plan.

    PORTICO_VAR_DIR=var/bench-sqlite python -m bench.explain admin "/clients/?tab=all"

The persona is "admin", "owner" or "accountant" (the bench accountant with most clients); the
page is rendered in-process by Django's test client against the bench dataset."""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portico.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.scenarios import heaviest_accountant  # noqa: E402
from portico.firms.models import Member  # noqa: E402

PLAN = {"sqlite": "EXPLAIN QUERY PLAN ", "postgresql": "EXPLAIN (ANALYZE, BUFFERS) "}


def persona(name):
    if name == "accountant":
        return heaviest_accountant()
    return Member.objects.get(user__email=f"{name}@bench.example")


def timed_queries(member, path):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(member.user)
    client.get(path)  # warm caches, as the benchmark does
    queries = []

    def capture(execute, sql, params, many, context):
        queries.append((sql, params))
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(capture):
        status = client.get(path).status_code
    elapsed = (time.perf_counter() - started) * 1000
    return status, elapsed, [(rerun(sql, params), sql, params) for sql, params in queries]


def rerun(sql, params, times=3):
    """A query's time with its rows fetched (SQLite only computes them as they are fetched)."""
    best = float("inf")
    with connection.cursor() as cursor:
        for _ in range(times):
            started = time.perf_counter()
            cursor.execute(sql, params)
            if sql.lstrip().upper().startswith("SELECT"):
                cursor.fetchall()
            best = min(best, (time.perf_counter() - started) * 1000)
    return best


def plan(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(PLAN[connection.vendor] + sql, params)
        return "\n".join("    " + " ".join(str(c) for c in row) for row in cursor.fetchall())


def main(name, path, show_plans=True):
    call_command("collectstatic", interactive=False, verbosity=0)
    status, total, queries = timed_queries(persona(name), path)
    spent = sum(ms for ms, _, _ in queries)
    print(f"{path} as {name}: {status}, {total:.1f} ms, {len(queries)} queries ({spent:.1f} ms)")
    for ms, sql, params in sorted(queries, key=lambda q: -q[0]):
        print(f"\n{ms:8.1f} ms  {sql[:600]}")
        if show_plans and ms > 1 and sql.lstrip().upper().startswith("SELECT"):
            print(plan(sql, params))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], show_plans="--no-plans" not in sys.argv)

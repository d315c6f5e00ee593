"""Running things at the same time, as two people (or two workers) do: each call in its own
thread, so on its own database connection, released together by a barrier.

Two requests a few milliseconds apart rarely overlap on an idle test machine, where in
production a slow disk or a long transaction (a bulk action, an import) holds a row they both
need. `holding=` plays that part: the test's own connection locks the row, the calls start and
pile up behind it (or finish without it), then it lets go. So every round is a real race whose
winner the database picks, and a read-modify-write that is not serialised loses data in most
rounds instead of one in thirty.

Only PostgreSQL runs writers side by side (SQLite's IMMEDIATE transactions queue them), so the
tests that use this are PostgreSQL's; they need `transaction=True` (the threads' connections see
only what is committed)."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

ROUNDS = 20  # with `holding`, an unserialised pair loses most rounds (the issue: 1 in 30)
HOLD_AT_MOST = 2.0  # seconds: a call that never touches the held row does not wait for it

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one writer at a time: the interleavings need PostgreSQL",
)


def together(*calls, holding=None, timeout=60):
    """Run the callables at the same moment, each in a thread of its own, and return their
    results in order; an exception in any of them is raised here. With `holding` (a model
    instance), its row is locked until every call is waiting for a lock or done."""
    barrier = threading.Barrier(len(calls))
    results, errors, done = [None] * len(calls), [], []

    def run(i, call):
        try:
            connection.ensure_connection()  # connecting takes longer than most races last
            barrier.wait(timeout)
            results[i] = call()
        except BaseException as error:  # handed to the test's thread
            errors.append(error)
        finally:
            done.append(i)
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    with transaction.atomic():
        if holding is not None:
            type(holding)._base_manager.select_for_update().filter(pk=holding.pk).exists()
        for thread in threads:
            thread.start()
        if holding is not None:
            _until_stuck(len(calls), done)
    for thread in threads:
        thread.join(timeout)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError("a concurrent call did not finish (a deadlock?)")
    if errors:
        raise errors[0]
    return results


def _until_stuck(count, done):
    """Wait until each of the `count` calls is done or waiting for a lock."""
    deadline = time.monotonic() + HOLD_AT_MOST
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT COUNT(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] + len(done) >= count:
                return
            time.sleep(0.002)


def failed_rounds(play, rounds=ROUNDS):
    """Play `play(round)` `rounds` times and return {round: what went wrong} for the rounds that
    raised (a failed assertion, or an error in one of the concurrent calls). The test asserts
    it is empty; its message says how often the race was lost."""
    failed = {}
    for round in range(rounds):
        try:
            play(round)
        except Exception as error:
            failed[round] = f"{type(error).__name__}: {error}"[:300]
    return failed


def lost(failed, rounds=ROUNDS):
    """The assertion message: how many rounds failed, and the first one's reason."""
    first = next(iter(failed.items()), None)
    return f"lost in {len(failed)} of {rounds} rounds; first: {first}"

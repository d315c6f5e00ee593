"""Running things at the same time, as two people (or two workers) do: each call in its own
thread, so on its own database connection, released together by a barrier.

Only PostgreSQL runs writers side by side (SQLite's IMMEDIATE transactions queue them), so the
tests that use this are PostgreSQL's; they need `transaction=True` (the threads' connections see
only what is committed)."""

import threading

import pytest
from django.db import connection, connections

ROUNDS = 40  # a race seen 1 time in 30 shows up in 40 rounds ~3 times in 4, per run of a pair

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one writer at a time: the interleavings need PostgreSQL",
)


def together(*calls, timeout=60):
    """Run the callables at the same moment, each in a thread of its own, and return their
    results in order; an exception in any of them is raised here."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(i, call):
        try:
            barrier.wait(timeout)
            results[i] = call()
        except BaseException as error:  # handed to the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError("a concurrent call did not finish (a deadlock?)")
    if errors:
        raise errors[0]
    return results


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

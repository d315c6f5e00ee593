"""The acceptance test of issue 14, item 8: the real task worker (`manage.py db_worker`) is
killed (SIGKILL) at ten random points of a 500-invitation bulk send, and started again after
the scheduled jobs that pick up after a dead worker have run. A real SMTP server counts what
arrives: every invitation at least once; a duplicate only where a kill fell inside the SMTP
window (the server had taken the email, the worker had not yet marked it sent), and then with
the same Message-ID. A kill outside that window duplicates nothing."""

import os
import random
import time
from collections import Counter

import pytest

from tests.mail import start_smtp_server

COUNT = 500
KILLS = 10
# A minute of real processes: run once, in the SQLite pass, on a file database of its own. The
# claims it relies on are tested on PostgreSQL too (test_delivery.py, test_retry.py).
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="runs once, in the SQLite pass"
)


def delivered_ids(inbox):
    return [message["Message-ID"] for message in list(inbox.messages)]


def kill_somewhere(site, inbox, rng):
    """Start a worker and SIGKILL it at a random point: after a random time (in the rendering
    of invitations, mostly) or once the server has received a random number more emails."""
    worker = site.start("db_worker", "--queue-name", "*", "--interval", "0.1", "--no-startup-delay")
    received = len(inbox.messages)
    if rng.random() < 0.3:
        deadline, target = time.monotonic() + rng.uniform(0.5, 4.0), None
    else:
        left = COUNT - len(set(delivered_ids(inbox)))
        deadline, target = time.monotonic() + 20, received + rng.randint(1, max(1, left // 3))
    while time.monotonic() < deadline and worker.poll() is None:
        if target is not None and len(inbox.messages) >= target:
            time.sleep(rng.uniform(0, 0.02))  # somewhere around the next exchange
            break
        time.sleep(0.002)
    worker.kill()
    worker.wait()
    return len(inbox.messages) - received


def test_killing_the_worker_ten_times_delivers_every_invitation_at_least_once(site, capsys):
    controller, inbox = start_smtp_server()
    rng = random.Random()
    seed = rng.randrange(10**6)
    rng.seed(seed)
    try:
        site.mail_to(controller.port)
        site.job("invite", COUNT)
        in_window, runs = set(), []
        for _ in range(KILLS):
            started = time.monotonic()
            arrived = kill_somewhere(site, inbox, rng)
            # What the dead worker claimed and the server had already taken: the SMTP window.
            claimed, _ = site.job("after_kill")
            caught = set(claimed) & set(delivered_ids(inbox)) - in_window
            in_window |= caught
            runs.append((arrived, len(caught), round(time.monotonic() - started, 1)))
        for _ in range(3):  # the last worker runs to the end; the rescue jobs find nothing left
            site.manage("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
            if site.job("rescue") == [0, 0]:
                break
        inbox.wait_for(COUNT)
        time.sleep(0.2)
    finally:
        controller.stop()

    by_address = Counter(message["To"] for message in inbox.messages)
    by_id = Counter(delivered_ids(inbox))
    duplicates = {mid for mid, n in by_id.items() if n > 1}
    report = (
        f"seed {seed}; per run (emails arrived, caught in the SMTP window, seconds): {runs}; "
        f"duplicates: {sorted(duplicates)}; states: {site.job('statuses')}"
    )
    with capsys.disabled():  # the figures, in the suite's output
        print(f"\nworker killed {KILLS} times in {COUNT} invitations: {report}")
    assert len(by_address) == COUNT, report  # every invitation at least once
    assert len(by_id) == COUNT, report  # one Message-ID per invitation, resent or not
    assert duplicates <= in_window, report  # none outside the SMTP window
    assert all(n <= 2 for n in by_id.values()), report
    assert site.job("statuses") == {"email sent": COUNT, "invitation sent": COUNT}, report

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand

# Two task workers: a bulk invitation's emails are rendered in one while the other hands them to
# the SMTP server (one alone takes ~7 ms an email, over 60 s for 10,000). On SQLite too, now that a
# bulk action enqueues its tasks in one transaction (core/batches.py): enqueued one by one, each
# waited for the write lock the busy workers kept taking, seconds in all.
TASK_WORKERS = 2
# Seconds a web worker may go silent before gunicorn kills it (its default: 30). A sync worker is
# silent for the whole of a response, and a streamed export of the client book (100,000 accounts,
# ~250,000 rows) takes 30 s or more: at 30 it was cut off mid-file.
WEB_TIMEOUT = 600
# A background process that dies is started again after a pause that doubles each time, from
# FIRST_PAUSE up to LAST_PAUSE seconds; one that then stays up for STEADY seconds starts over.
FIRST_PAUSE, LAST_PAUSE, STEADY = 1, 60, 60
# Without EMAIL_URL, emails go to 127.0.0.1:1025 (settings.py): serve starts an aiosmtpd server
# there that keeps them in VAR_DIR/mail (a Maildir), so a trial install sends its invitations
# and digests instead of logging "connection refused" for each.
CATCHER = ("127.0.0.1", 1025)
BIND = re.compile(r"^(?P<host>\[[^\]]*\]|[^:]*)(?::(?P<port>\d+))?$")
WILDCARDS = {"", "0.0.0.0", "::", "[::]"}


def task_worker():
    return [sys.executable, "manage.py", "db_worker", "--queue-name", "*"]


def listening(host: str, port: int) -> bool:
    """Whether something accepts TCP connections at host:port."""
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


def site_url_for(bind: str, allowed_hosts: list[str]) -> str:
    """The address emails link to when PORTICO_SITE_URL is not set: the one `--bind` serves
    on (gunicorn's forms: HOST, HOST:PORT, [IPv6]:PORT, unix:PATH). Behind a wildcard address
    or a socket, the first host name the app answers to (ALLOWED_HOSTS) stands in for it."""
    match = None if bind.startswith(("unix:", "fd://")) else BIND.match(bind)
    host, port = (match["host"], match["port"] or "8000") if match else ("", "")
    if host in WILDCARDS:
        named = [h.lstrip(".") for h in allowed_hosts if h not in {"*", ""}]
        host = named[0] if named else "localhost"
    return f"http://{host}:{port}" if port else f"http://{host}"


@dataclass
class Process:
    """One process serve keeps running, and when to start it again if it died."""

    name: str
    command: list[str]
    popen: subprocess.Popen | None = None
    started: float = 0.0
    pause: float = 0.0  # before the next restart
    restart_at: float | None = None


class Command(BaseCommand):
    help = (
        "Start the web server, the task workers and the scheduler together; a background "
        "process that dies is started again; Ctrl-C stops them all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--task-workers", type=int, default=TASK_WORKERS)

    def handle(self, *, bind, workers, task_workers, **options):
        python = sys.executable
        gunicorn = os.path.join(os.path.dirname(python), "gunicorn")
        web = [gunicorn, "portico.wsgi", "--bind", bind, "--workers", str(workers)]
        web += ["--timeout", str(WEB_TIMEOUT)]
        # gunicorn's control socket lives in the installation, not one per user account.
        web += ["--control-socket", str(settings.VAR_DIR / "gunicorn.ctl")]
        processes = [
            Process("web", [*web, "--access-logfile", "-"]),
            Process("scheduler", [python, "manage.py", "scheduler"]),
            *(Process(f"worker {n + 1}", task_worker()) for n in range(task_workers)),
            *self._mail_catcher(python),
        ]
        self.env = self._environment(bind)
        for process in processes:
            self._start(process)
        self._say(self.style.SUCCESS(f"Portico is running on http://{bind}/"))
        stopping = []
        signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        try:
            while not stopping and self._supervise(processes):
                time.sleep(0.2)
        finally:
            self._stop(processes)
        self.stdout.write("Stopped.")

    def _mail_catcher(self, python) -> list[Process]:
        """The local SMTP server of a trial install (CATCHER), when EMAIL_URL is not set and
        nothing listens there yet."""
        if os.environ.get("EMAIL_URL") or listening(*CATCHER):
            return []
        folder = settings.VAR_DIR / "mail"
        self._say(f"No EMAIL_URL: emails are kept in {folder} (a Maildir), not sent on")
        host, port = CATCHER
        command = [python, "-m", "aiosmtpd", "-n", "-l", f"{host}:{port}"]
        return [Process("mail", [*command, "-c", "aiosmtpd.handlers.Mailbox", str(folder)])]

    def _environment(self, bind):
        """The children's environment: PORTICO_SITE_URL defaults to the address served."""
        env = dict(os.environ)
        if not env.get("PORTICO_SITE_URL"):
            url = env["PORTICO_SITE_URL"] = site_url_for(bind, settings.ALLOWED_HOSTS)
            self._say(f"Emails link to {url} (set PORTICO_SITE_URL to change it)")
        return env

    def _start(self, process):
        process.popen = subprocess.Popen(process.command, env=self.env)
        process.started, process.restart_at = time.monotonic(), None
        self._say(f"{process.name} started (pid {process.popen.pid})")

    def _supervise(self, processes) -> bool:
        """Restart the background processes that died, each after its pause; False when the
        web server itself stopped (nothing to serve: serve stops)."""
        now = time.monotonic()
        for process in processes:
            if process.restart_at is not None:
                if now >= process.restart_at:
                    self._start(process)
                continue
            code = process.popen.poll()
            if code is None:
                continue
            if process.name == "web":
                self._say(f"web stopped (exit code {code}); stopping the others", error=True)
                return False
            steady = now - process.started >= STEADY
            process.pause = (
                FIRST_PAUSE if steady or not process.pause else min(LAST_PAUSE, process.pause * 2)
            )
            process.restart_at = now + process.pause
            self._say(
                f"{process.name} stopped (exit code {code}); starting it again in "
                f"{process.pause:g} s",
                error=True,
            )
        return True

    def _stop(self, processes):
        running = [p.popen for p in processes if p.popen and p.popen.poll() is None]
        for popen in running:
            popen.send_signal(signal.SIGTERM)
        for popen in running:
            try:
                popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                popen.kill()

    def _say(self, line, error=False):
        """A log line, out at once (serve's output is often a pipe to a log)."""
        stream = self.stderr if error else self.stdout
        stream.write(line)
        stream.flush()

"""`manage.py serve` with real processes (issue 14, items 12 and 13): a background process that
dies is started again, after a pause that grows, while the web server keeps answering; the
processes it starts link their emails to the address it serves on."""

import os
import re
import signal
import threading
import time
import urllib.request

import pytest
from django.core import checks

from portico.core.checks import site_url_is_set
from portico.core.management.commands.serve import Command, site_url_for
from tests.mail import free_port, start_smtp_server, text_of


class Output:
    """Lines `serve` writes, read as they come."""

    def __init__(self, stream):
        self.lines = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def latest(self, pattern):
        """The match of the last line that matches, and its index."""
        for n in range(len(self.lines) - 1, -1, -1):
            if match := re.search(pattern, self.lines[n]):
                return match, n
        raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.lines))

    def wait_for(self, pattern, after=0, timeout=60):
        """The match of the first line from `after` on that matches, and its index."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for n, line in enumerate(self.lines[after:], start=after):
                if match := re.search(pattern, line):
                    return match, n
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.lines))


def health(port) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as response:
        return response.status


def kill_and_watch_restart(output, port, name, pause):
    """SIGKILL `name`, and see serve start it again after `pause` seconds, the web answering
    all along."""
    started = rf"^{name} started \(pid (\d+)\)$"
    first, at = output.latest(started)
    os.kill(int(first[1]), signal.SIGKILL)
    _, stopped = output.wait_for(
        rf"^{name} stopped \(exit code -9\); starting it again in {pause} s$", after=at
    )
    assert health(port) == 200  # while it waits to start again
    again, _ = output.wait_for(started, after=stopped)
    assert again[1] != first[1]
    assert health(port) == 200


def test_serve_restarts_a_dead_background_process_and_the_web_stays_up(site):
    controller, inbox = start_smtp_server()
    port = free_port()
    try:
        site.mail_to(controller.port)
        site.job("invite", 1)  # for the worker serve starts
        serve = site.start(
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--task-workers",
            "1",
            log=None,
        )
        output = Output(serve.stdout)
        output.wait_for(rf"Emails link to http://127.0.0.1:{port} \(set PORTICO_SITE_URL")
        output.wait_for("Portico is running")
        (invitation,) = inbox.wait_for(1, timeout=60)
        assert f"http://127.0.0.1:{port}/portal/activate/" in text_of(invitation)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                assert health(port) == 200
                break
            except OSError:
                time.sleep(0.2)

        kill_and_watch_restart(output, port, "scheduler", pause=1)
        kill_and_watch_restart(output, port, "scheduler", pause=2)  # soon dead again: longer
        kill_and_watch_restart(output, port, "worker 1", pause=1)

        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=30) == 0
        output.wait_for("^Stopped.$")
    finally:
        controller.stop()


@pytest.mark.parametrize(
    "bind, hosts, url",
    [
        ("127.0.0.1:8000", ["127.0.0.1", "localhost"], "http://127.0.0.1:8000"),
        ("192.168.1.20:8080", ["192.168.1.20"], "http://192.168.1.20:8080"),
        ("[::1]:9000", ["[::1]"], "http://[::1]:9000"),
        ("0.0.0.0:8000", ["*", "portal.asesores.es"], "http://portal.asesores.es:8000"),
        ("[::]:8000", [".asesores.es"], "http://asesores.es:8000"),
        ("0.0.0.0", [], "http://localhost:8000"),
        ("unix:/run/portico.sock", ["portal.asesores.es"], "http://portal.asesores.es"),
    ],
)
def test_the_site_url_defaults_to_the_address_served(bind, hosts, url):
    assert site_url_for(bind, hosts) == url


def test_an_explicit_site_url_is_left_as_it_is(monkeypatch):
    monkeypatch.setenv("PORTICO_SITE_URL", "https://portal.asesores.es")
    assert Command()._environment("0.0.0.0:8000")["PORTICO_SITE_URL"] == (
        "https://portal.asesores.es"
    )


def test_a_missing_site_url_is_warned_about_in_production_only(settings, monkeypatch):
    monkeypatch.delenv("PORTICO_SITE_URL", raising=False)
    settings.DEBUG, settings.ALLOWED_HOSTS = False, ["portal.asesores.es"]
    (warning,) = site_url_is_set(None)
    assert warning.id == "portico.W101" and "PORTICO_SITE_URL" in warning.msg
    assert warning.level == checks.WARNING  # not an error: the app still starts
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
    assert site_url_is_set(None) == []  # on this machine only
    settings.DEBUG, settings.ALLOWED_HOSTS = True, ["portal.asesores.es"]
    assert site_url_is_set(None) == []  # a developer's
    settings.DEBUG = False
    monkeypatch.setenv("PORTICO_SITE_URL", "https://portal.asesores.es")
    assert site_url_is_set(None) == []


def test_without_email_url_a_trial_install_keeps_its_emails(monkeypatch, tmp_path, settings):
    """`make run` sets no EMAIL_URL: serve starts aiosmtpd where settings send mail, and each
    email lands in VAR_DIR/mail (a Maildir); with EMAIL_URL, or a server already there, none."""
    import mailbox
    import smtplib
    import subprocess
    import sys

    from portico.core.management.commands import serve

    port = free_port()
    monkeypatch.setattr(serve, "CATCHER", ("127.0.0.1", port))
    monkeypatch.delenv("EMAIL_URL", raising=False)
    settings.VAR_DIR = tmp_path
    command = Command()
    [catcher] = command._mail_catcher(sys.executable)
    process = subprocess.Popen(catcher.command)
    try:
        deadline = time.monotonic() + 20
        while not serve.listening("127.0.0.1", port):
            assert time.monotonic() < deadline, "the mail catcher did not start"
            time.sleep(0.1)
        assert command._mail_catcher(sys.executable) == []  # already listening: not twice
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            smtp.sendmail("firm@example.es", ["cliente@example.es"], b"Subject: Hola\r\n\r\nHola")
        kept = list(mailbox.Maildir(tmp_path / "mail"))
        assert [message["Subject"] for message in kept] == ["Hola"]
    finally:
        process.terminate()
        process.wait(timeout=10)
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{port}")
    assert Command()._mail_catcher(sys.executable) == []

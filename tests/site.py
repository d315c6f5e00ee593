"""A Portico installation of its own, for tests that start real processes (`manage.py
db_worker`, `scheduler`, `serve`): a var dir and a database the processes share. The database
follows the suite: a file SQLite, or a database on the test PostgreSQL server when
DATABASE_URL names one. It is migrated once per test session and copied for each test.

`Site.job(name, ...)` runs a function of tests/site_jobs.py inside the installation and
returns what it printed, read as JSON."""

import json
import os
import shutil
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, str(ROOT / "manage.py")]


def _server_url():
    return os.environ.get("DATABASE_URL", "")


def _with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _postgres(statement):
    import psycopg

    with psycopg.connect(_with_database(_server_url(), "postgres"), autocommit=True) as db:
        db.execute(statement)


# The installation runs with its own settings: the product's, not the tests' (tests/settings.py).
NOT_PASSED = {
    "DATABASE_URL",
    "PORTICO_SITE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SETTINGS_MODULE",
}


class Site:
    def __init__(self, var_dir: Path, database_url: str = ""):
        self.var_dir = var_dir
        self.database_url = database_url
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in NOT_PASSED and not key.startswith("PYTEST")
        }
        self.env |= {
            "PORTICO_VAR_DIR": str(var_dir),
            "PORTICO_SECRET_KEY": "a-test-secret-key-that-is-long-enough-for-django-50",
            "PORTICO_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.processes = []
        self.jobs = None  # the tests/site_jobs.py process, once a job has run

    def mail_to(self, port):
        """Send email to this SMTP server (set before any process starts)."""
        self.env["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"

    def manage(self, *args, timeout=120):
        return subprocess.run(
            [*MANAGE, *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def job(self, name, *args):
        """Run tests/site_jobs.py's `name(*args)` here; what it returns, through JSON."""
        if self.jobs is None:
            self.jobs = subprocess.Popen(
                [sys.executable, "-m", "tests.site_jobs"],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        self.jobs.stdin.write(json.dumps([name, args]) + "\n")
        self.jobs.stdin.flush()
        answer = self.jobs.stdout.readline()
        if not answer:
            raise RuntimeError(f"site job {name} failed (see the traceback above)")
        return json.loads(answer)

    def start(self, *args, log="process.log"):
        """A manage.py command in the background, its output appended to `log` (or a pipe)."""
        output = subprocess.PIPE if log is None else open(self.var_dir / log, "a")  # noqa: SIM115
        process = subprocess.Popen(
            [*MANAGE, *args],
            cwd=ROOT,
            env=self.env,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def stop_all(self):
        if self.jobs is not None:
            self.jobs.stdin.close()
            self.jobs.wait(timeout=30)
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="session")
def site_template(tmp_path_factory):
    """A migrated installation that each test's site is copied from."""
    var_dir = tmp_path_factory.mktemp("site-template")
    name = f"portico_site_{uuid.uuid4().hex[:12]}"
    url = _with_database(_server_url(), name) if _server_url() else ""
    if url:
        _postgres(f'CREATE DATABASE "{name}"')
    Site(var_dir, url).manage("migrate", "--noinput", timeout=300)
    yield var_dir, name
    if url:
        _postgres(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def site(site_template, tmp_path):
    template_dir, template = site_template
    var_dir = tmp_path / "site"
    shutil.copytree(template_dir, var_dir)
    url = ""
    if _server_url():
        name = f"portico_site_{uuid.uuid4().hex[:12]}"
        _postgres(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        url = _with_database(_server_url(), name)
    installation = Site(var_dir, url)
    yield installation
    installation.stop_all()
    if url:
        _postgres(f'DROP DATABASE IF EXISTS "{urlsplit(url).path[1:]}" WITH (FORCE)')

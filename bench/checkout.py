"""The two sides of the A/B bench (bench/ab.py): the working tree, and an older commit checked out
in a temporary `git worktree` that runs with its own venv only when its pyproject.toml differs.

Each side gets its own copy of the dataset (a SQLite file, or a PostgreSQL database made from the
source as a template) and migrates it with its own code, so the two commits may differ in
schema. Nothing here imports Django: the copies are made before either side connects."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench-ab"


@dataclass(frozen=True)
class Side:
    """One commit as served: its source tree, the python that runs it, its VAR_DIR, and its
    database URL (None: SQLite in var_dir)."""

    name: str
    commit: str
    root: Path
    python: Path
    var_dir: Path
    database_url: str | None

    def env(self) -> dict:
        """The environment its manage.py and gunicorn run in: its own tree first on the path."""
        env = {**os.environ, "PORTICO_VAR_DIR": str(self.var_dir), "PYTHONPATH": str(self.root)}
        env.pop("DATABASE_URL", None)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def settle(self):
        """Leave its migrated copy as a database in use has it (bench/generate.py's analyze):
        migrations that rewrite every account row (filling a new column) left PostgreSQL's
        accounts table 159 MB for 32 MB of rows, its first blocks empty, and a page that reads
        accounts in table order up to 1,001 matches read them all: Filter: type took 62.9 ms
        on HEAD's fresh copy against 26.7 ms on a built one. A server in use gets its space
        back as later updates fill it; here both sides get it at once: the accounts table
        compacted, every table vacuumed and analysed (SQLite updates rows in place and only
        gathers statistics)."""
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url, autocommit=True) as connection:
                connection.execute("VACUUM FULL clients_clientaccount")
                connection.execute("VACUUM ANALYZE")
        else:
            with sqlite3.connect(self.var_dir / "portico.sqlite3") as connection:
                connection.execute("ANALYZE")
            connection.close()

    def manage(self, *args):
        """Run its manage.py (raises CalledProcessError when it fails)."""
        command = [str(self.python), "manage.py", *args]
        subprocess.run(command, cwd=self.root, env=self.env(), check=True)

    def prepare_dataset(self, size):
        """Its bench/run.py's `prepare`: migrate, and build the dataset at `size` if missing."""
        code = f"from bench import run; run.prepare({size!r})"
        subprocess.run([str(self.python), "-c", code], cwd=self.root, env=self.env(), check=True)


def git(*args) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def resolve(rev) -> str:
    """The full commit hash of `rev` (ValueError when git knows no such commit)."""
    try:
        return git("rev-parse", "--verify", f"{rev}^{{commit}}")
    except subprocess.CalledProcessError as error:
        raise ValueError(f"no commit {rev!r}: {error.stderr.strip()}") from error


def default_base() -> str:
    """Where the working tree's branch left main: the commit before the branch's changes."""
    return git("merge-base", "HEAD", "main")


def check_out(commit) -> Path:
    """A detached worktree of `commit` under var/bench-ab/src (replacing an earlier one), with
    the untracked files a checkout needs to run: static/vendor (copied when package-lock.json is
    the same, else installed by its Makefile) and its translations compiled."""
    path = WORK / "src"
    remove_checkout()
    WORK.mkdir(parents=True, exist_ok=True)
    git("worktree", "add", "--detach", "--force", str(path), commit)
    lock = "package-lock.json"
    same_lock = (path / lock).read_bytes() == (ROOT / lock).read_bytes()
    vendor = path / "static" / "vendor"
    if vendor.is_symlink():  # committed by mistake in cb9ca60 … 36852c2, to another worktree
        vendor.unlink()
    if same_lock and (ROOT / "static" / "vendor").is_dir():
        shutil.copytree(ROOT / "static" / "vendor", vendor, dirs_exist_ok=True)
    else:
        subprocess.run(["make", "static/vendor/.installed"], cwd=path, check=True)
    return path


def remove_checkout():
    path = WORK / "src"
    if path.exists():
        git("worktree", "remove", "--force", str(path))
        shutil.rmtree(path, ignore_errors=True)  # the ignored files git leaves (static/vendor)
    git("worktree", "prune")


def python_for(root) -> Path:
    """This venv's python when `root`'s pyproject.toml is this tree's; else a venv of its own
    (var/bench-ab/venv-<hash of that pyproject>, kept for the next run)."""
    pyproject = (root / "pyproject.toml").read_bytes()
    if pyproject == (ROOT / "pyproject.toml").read_bytes():
        return Path(sys.executable)
    venv = WORK / f"venv-{hashlib.sha256(pyproject).hexdigest()[:12]}"
    python = venv / "bin" / "python"
    if not (venv / ".installed").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", f"{root}[test]"], check=True)
        (venv / ".installed").touch()
    return python


def copy_sqlite(source_dir, var_dir):
    """A consistent copy of source_dir's database (WAL included) into var_dir, through SQLite's
    backup API on a read-only connection: the source is never written."""
    var_dir.mkdir(parents=True, exist_ok=True)
    target = var_dir / "portico.sqlite3"
    for leftover in var_dir.glob("portico.sqlite3*"):
        leftover.unlink()
    source = sqlite3.connect(f"file:{source_dir / 'portico.sqlite3'}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    with copy:
        source.backup(copy)
    copy.execute("PRAGMA journal_mode=WAL")
    source.close()
    copy.close()


def with_database(url, name) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def copy_postgres(source_url, name) -> str:
    """A new database `name` on the source's server, a copy of it (CREATE DATABASE … TEMPLATE:
    no session may be connected to the source meanwhile); its URL."""
    import psycopg

    source = urlsplit(source_url).path.lstrip("/")
    with psycopg.connect(with_database(source_url, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    return with_database(source_url, name)

"""Migrations are frozen (docs/ARCHITECTURE.md): they import no project code, so replaying them
always runs what they ran when written, and a new database gets the schema the recorded one.

tests/schema/<vendor>.json is the schema (tests/schema_dump.py) that migrating from zero gave
before the migrations were frozen (main at c38916d): tables, columns, indexes, constraints,
triggers and their functions. The walk migrates a new database to that point of history
(tests/migration_walk.py's RECORDED_AT) and compares; migrations written since are checked by
the walks back and forth, not against the record."""

import ast
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from portico.billing import tallies as billing_tallies
from portico.clients import search, tallies
from portico.expenses import sort_key as expenses_sort_key
from portico.portal import pending
from portico.portal import sort_key as portal_sort_key
from tests.schema_dump import differences

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = sorted(ROOT.glob("portico/*/migrations/[0-9]*.py"))
SCHEMAS = Path(__file__).resolve().parent / "schema"

# What Django itself writes into a migration for a model field's callable: the function is
# referenced (compared by makemigrations), never called by the migration, so it stays as is.
FIELD_CALLABLES = {"upload_to", "default"}


def project_imports(tree):
    """(line, module) of every import of a portico module other than a migrations package."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            if name.startswith("portico.") and ".migrations" not in name:
                yield node.lineno, name


def field_callable_uses(tree, module):
    """Whether every use of `module` in the migration is a field's upload_to=/default=."""
    allowed = {
        id(keyword.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for keyword in node.keywords
        if keyword.arg in FIELD_CALLABLES
    }
    uses = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and ast.unparse(node.value) == module
    ]
    return bool(uses) and all(id(node) in allowed for node in uses)


def test_migrations_import_no_project_code():
    offenders = []
    for path in MIGRATIONS:
        tree = ast.parse(path.read_text(), str(path))
        for line, module in project_imports(tree):
            if module.endswith(".models") and field_callable_uses(tree, module):
                continue
            offenders.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert not offenders, "migrations must carry literal SQL (manage.py triggersql):\n" + (
        "\n".join(offenders)
    )


def test_the_import_check_catches_a_migration_calling_project_code():
    tree = ast.parse(
        "import portico.documents.models\nfrom portico.clients import tallies\n"
        "x = models.FileField(upload_to=portico.documents.models.document_path)\n"
        "y = portico.documents.models.document_path('a', 'b')\n"
    )
    imports = list(project_imports(tree))
    assert imports == [(1, "portico.documents.models"), (2, "portico.clients")]
    assert not field_callable_uses(tree, "portico.documents.models")
    only_field = ast.parse(
        "import portico.documents.models\n"
        "x = models.FileField(upload_to=portico.documents.models.document_path)\n"
    )
    assert field_callable_uses(only_field, "portico.documents.models")


def vendor():
    return "postgresql" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"


def postgres_database():
    """A new empty PostgreSQL database on the test server, yielded as its URL, then dropped."""
    import psycopg

    server = os.environ["DATABASE_URL"]
    base, _, _ = server.rpartition("/")
    name = f"portico_walk_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def empty_database(tmp_path):
    if vendor() == "postgresql":
        yield from postgres_database()
    else:
        yield f"sqlite:///{tmp_path / 'walk.sqlite3'}"


def test_from_zero_and_back_and_forth_give_the_recorded_schema(empty_database, tmp_path):
    """A new database migrated from zero to the recorded point has the schema main's migrations
    gave before they were frozen; going back over each app's last migration, and over every
    clients migration with written-out SQL (to 0003), and forward again changes nothing."""
    out = tmp_path / "walk.json"
    env = {**os.environ, "DATABASE_URL": empty_database, "PORTICO_VAR_DIR": str(tmp_path)}
    subprocess.run(
        [sys.executable, "-m", "tests.migration_walk", str(out)], cwd=ROOT, env=env, check=True
    )
    walk = json.loads(out.read_text())
    recorded = json.loads((SCHEMAS / f"{vendor()}.json").read_text())
    assert differences(recorded, walk["recorded_point"]) == []
    assert {"clients", "portal", "firms", "clients from 0003_clients_page"} <= set(walk["walks"])
    for app, schema in walk["walks"].items():
        assert differences(walk["from_zero"], schema) == [], app


GENERATED = [tallies, pending, expenses_sort_key, portal_sort_key, billing_tallies]


@pytest.mark.django_db
def test_the_database_runs_the_triggers_the_code_writes():
    """The triggers the migrations installed are those clients/tallies.py, portal/pending.py,
    the features' sort-key mirrors (expenses/ and portal/sort_key.py) and billing/tallies.py
    write today: changing one of them needs a migration carrying the new SQL (manage.py
    triggersql)."""
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for module in GENERATED:
            for name, _table, statements in module.definitions(postgres):
                if postgres:
                    cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", [name])
                    expected = statements[0].split("$$")[1]
                else:
                    cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [name])
                    expected = statements[0]
                assert cursor.fetchone() == (expected,), f"{module.__name__}: {name}"


@pytest.mark.django_db
def test_the_search_index_is_the_codes():
    table = search.FTS_TABLE if connection.vendor == "sqlite" else "account_search_trgm"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [table])
            assert cursor.fetchone() == (search.SQLITE_SETUP[0].replace(" IF NOT EXISTS", ""),)
        else:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [table])
            assert cursor.fetchone() == (1,)


def test_triggersql_prints_the_exact_statements_as_python():
    """What the command prints, pasted into a migration, is the statements the code executes."""
    from io import StringIO

    from django.core.management import call_command

    from portico.core.management.commands.triggersql import statements

    targets = ["portico.clients.tallies:install", "portico.clients.search:install"]
    out = StringIO()
    call_command("triggersql", *targets, "--name", "INSTALL", stdout=out)
    namespace = {}
    exec(out.getvalue(), namespace)
    for vendor in ("sqlite", "postgresql"):
        assert namespace["INSTALL"][vendor] == statements(targets, vendor)
    assert any("CREATE TRIGGER tally_" in sql for sql in namespace["INSTALL"]["postgresql"])


def test_triggersql_refuses_a_target_that_is_not_a_step():
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="module:function"):
        call_command("triggersql", "portico.clients.tallies")

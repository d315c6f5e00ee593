"""Migrate the empty database DATABASE_URL names from zero to the point the schema was recorded
at (RECORDED_AT), then to the latest migrations, then back over the last migration of each of our
apps and forward again, dumping the schema after each step (tests/schema_dump.py).

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m tests.migration_walk out.json [--zero-only]

Writes {"recorded_point": dump, "from_zero": dump, "walks": {app: dump after back and forth}}
to out.json; DEEP walks
go back further (to before the migrations whose SQL is written out) and forward again. Run in a
process of its own by tests/test_migrations.py (and to capture tests/schema/*.json, see there),
so that the test database of the running suite is never touched.
"""

import json
import os
import sys

# Each of our apps' last migration when tests/schema/*.json was recorded (main at c38916d, when
# the migrations were frozen). Apps and migrations added since are not part of that schema; the
# apps of Django and of libraries are taken at their latest.
RECORDED_AT = {
    "clients": "0012_search_folding",
    "core": "0003_verb_without_choices",
    "documents": "0001_initial",
    "expenses": "0001_initial",
    "firms": "0003_two_factor_reset_requests",
    "messaging": "0002_delivery_claims",
    "notifications": "0001_initial",
    "portal": "0002_test_clients",
    "work": "0001_initial",
}
# Further back than the last migration: over every migration that carries written-out SQL.
DEEP = [("clients", "0003_clients_page")]


def our_apps():
    """(app label, its last migration's name, the one before it or "zero") of every portico app
    with migrations."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(connection).graph
    ours = {config.label for config in apps.get_app_configs() if config.name.startswith("portico.")}
    for app, name in sorted(graph.leaf_nodes()):
        if app in ours:
            parents = [p for p in graph.node_map[(app, name)].parents if p.key[0] == app]
            yield app, name, parents[0].key[1] if parents else "zero"


def recorded_point(connection):
    """Migrate to RECORDED_AT: our apps to their recorded migration, the others to their latest."""
    from django.apps import apps
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    ours = {config.label for config in apps.get_app_configs() if config.name.startswith("portico.")}
    targets = [
        (app, RECORDED_AT[app]) if app in ours else (app, name)
        for app, name in executor.loader.graph.leaf_nodes()
        if app not in ours or app in RECORDED_AT
    ]
    executor.migrate(targets)


def main(out, zero_only=False):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portico.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tests.schema_dump import dump

    recorded_point(connection)
    result = {"recorded_point": dump(connection)}
    call_command("migrate", verbosity=0, interactive=False)
    result.update({"from_zero": dump(connection), "walks": {}})
    if not zero_only:
        for app, _last, previous in list(our_apps()):
            call_command("migrate", app, previous, verbosity=0, interactive=False)
            call_command("migrate", verbosity=0, interactive=False)
            result["walks"][app] = dump(connection)
        for app, target in DEEP:
            call_command("migrate", app, target, verbosity=0, interactive=False)
            call_command("migrate", verbosity=0, interactive=False)
            result["walks"][f"{app} from {target}"] = dump(connection)
    with open(out, "w") as file:
        json.dump(result, file, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1], zero_only="--zero-only" in sys.argv[2:])

"""Triggers written once for both databases (clients/tallies.py, sort_keys.py; portal/pending.py).

A trigger's statements read the changed rows from a table named by changed_rows(): PostgreSQL
runs them once per statement over its transition tables, SQLite (which has no statement
triggers) once per row, the table being that one row."""

SIDES = {"INSERT": ("NEW",), "UPDATE": ("OLD", "NEW"), "DELETE": ("OLD",)}


def changed_rows(side, columns, postgres):
    """The rows before ("OLD") or after ("NEW") the change, with these columns."""
    if postgres:
        return f"{side.lower()}_rows"
    return "(SELECT " + ", ".join(f"{side}.{c} AS {c}" for c in columns) + ")"


def create(name, table, event, statements, postgres, when=None, each_row=False):
    """The SQL that creates trigger `name`, running `statements` after `event` on `table`.
    `when` (SQLite only) skips rows; `each_row` keeps PostgreSQL per row too, with NEW/OLD."""
    body = "".join(f"{statement}; " for statement in statements)
    if not postgres:
        condition = f" WHEN ({when})" if when else ""
        return [
            f"CREATE TRIGGER {name} AFTER {event} ON {table}"
            f" FOR EACH ROW{condition} BEGIN {body}END"
        ]
    if each_row:
        runs = "FOR EACH ROW"
    else:
        tables = " ".join(f"{side} TABLE AS {side.lower()}_rows" for side in SIDES[event])
        runs = f"REFERENCING {tables} FOR EACH STATEMENT"
    return [
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS"
        f" $$ BEGIN {body}RETURN NULL; END $$",
        f"CREATE TRIGGER {name} AFTER {event} ON {table} {runs} EXECUTE FUNCTION {name}()",
    ]


def drop(name, table, postgres):
    if not postgres:
        return [f"DROP TRIGGER IF EXISTS {name}"]
    return [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]


def install(definitions, schema_editor):
    """Migration helper: create every trigger `definitions(postgres)` yields."""
    postgres = schema_editor.connection.vendor == "postgresql"
    for _, _, statements in definitions(postgres):
        for sql in statements:
            schema_editor.execute(sql)


def uninstall(definitions, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, table, _ in definitions(postgres):
        for sql in drop(name, table, postgres):
            schema_editor.execute(sql)

"""Inserting thousands of rows as plain values: a bulk action's 30,000 rows cost over a second
through bulk_create, which builds a model instance for each and prepares every value of every
row field by field; as values adapted once per column type, a fraction of that.

Like bulk_create: no save() and no signals; the database's triggers and constraints apply."""

import json

from django.db import connection, models
from django.utils import timezone

# Rows a statement: SQLite limits a statement's parameters; on PostgreSQL a statement is a few
# arrays whatever the rows, and its statement triggers (clients/tallies.py) run once for them all.
BATCH = {"sqlite": 500, "postgresql": 20_000}


def insert(model, rows: list[dict], *, returning=False) -> list[int]:
    """Insert `rows` (attribute name, such as "email_id", to value) into `model`'s table; a field
    left out takes its default (auto_now and auto_now_add fields: now). Returns the new ids, in
    the order of `rows`, when `returning`."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    columns = [(f.attname, _filler(f, now), _adapter(f)) for f in fields]
    statement = _postgres_statement if connection.vendor == "postgresql" else _sqlite_statement
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    returned = f" RETURNING {connection.ops.quote_name(model._meta.pk.column)}"
    ids = []
    with _cursor() as cursor:
        size = BATCH[connection.vendor]
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            values = [
                [adapt(row[name] if name in row else fill()) for row in batch]
                for name, fill, adapt in columns
            ]
            sql, params = statement(fields, values, len(batch))
            sql = f"INSERT INTO {model._meta.db_table} ({names}) {sql}"
            if returning:
                cursor.execute(sql + returned, params)
                ids += [row[0] for row in cursor.fetchall()]
            else:
                cursor.execute(sql, params)
    return ids


def _sqlite_statement(fields, values, count):
    """VALUES (…), (…): one parameter per value."""
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params = [value for row_values in zip(*values, strict=True) for value in row_values]
    return "VALUES " + ", ".join([row] * count), params


def _postgres_statement(fields, values, count):
    """One array parameter per column, unnested into rows: the driver then parses a query of a
    few parameters, not one of tens of thousands, and sends them in binary (%b)."""
    casts = ", ".join(f"%b::{_array_type(f)}" for f in fields)
    return f"SELECT * FROM unnest({casts})", values


def _cursor():
    """On PostgreSQL, a cursor that binds parameters on the server (Django's quotes them into
    the query text, a tenth of a second for 10,000 values); wrapped as Django wraps its own."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg

    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(raw)
    return connection.make_cursor(raw)


def _array_type(field):
    if isinstance(field, models.JSONField):
        return "text[]::jsonb[]"  # JSON comes as text (_adapter)
    return f"{field.db_type(connection)}[]"


def _filler(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda: now
    return field.get_default


def _adapter(field):
    """What a value of `field` needs to become a query parameter (most need nothing)."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(
            value, field.max_digits, field.decimal_places
        )
    if isinstance(field, models.JSONField):  # as text, which the driver passes on fastest
        return lambda value: json.dumps(value, cls=field.encoder)
    return lambda value: value

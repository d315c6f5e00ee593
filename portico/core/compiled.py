"""Queries compiled once per process: building and compiling a queryset of many subqueries or
columns costs the ORM milliseconds on every request, more than the database then spends
answering it.

A query goes through here only when its SQL is a function of its key and the number of ids it
reads (never of the time or the contents of a table). It is compiled with stand-in ids, which
the real ones replace in the parameters when it runs; the values come back converted as the
ORM converts them (SQLite's booleans, dates and decimals)."""

from django.core.exceptions import EmptyResultSet
from django.db import connection

LIMIT = 4096  # queries kept before starting over: a firm's members, times their shapes
STAND_IN = 1_900_000_000  # the first stand-in id: no table of ours gets near it
_compiled = {}


def values(key: tuple, build, ids=()) -> list[dict]:
    """The rows of the values() queryset `build(ids)`, compiled once per key and number of ids."""
    compiled = _compile(key, build, len(ids))
    if compiled is None:  # a query that matches nothing whatever the data, such as no ids
        return []
    sql, params, converters = compiled
    real = dict(zip(range(STAND_IN, STAND_IN + len(ids)), ids, strict=True))
    params = [real.get(p, p) if type(p) is int else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        rows = [list(row) for row in cursor.fetchall()]
    for position, (functions, expression) in converters.items():
        for row in rows:
            for convert in functions:
                row[position] = convert(row[position], expression, connection)
    return [dict(zip(names, row, strict=True)) for row in rows]


def _compile(key, build, count):
    key = (connection.vendor, count, *key)
    if key not in _compiled:
        if len(_compiled) >= LIMIT:
            _compiled.clear()
        compiler = build(list(range(STAND_IN, STAND_IN + count))).query.get_compiler(
            connection=connection
        )
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            _compiled[key] = None
        else:
            converters = compiler.get_converters([column for column, _, _ in compiler.select])
            _compiled[key] = (sql, params, converters)
    return _compiled[key]

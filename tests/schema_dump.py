"""What a database's schema is, as plain data to compare: tables, columns, indexes, constraints,
triggers and trigger functions (tests/test_migrations.py).

SQLite: every row of sqlite_master (its stored CREATE text included). PostgreSQL: pg_catalog's
and information_schema's view of the public schema, without what extensions own (pg_trgm's
functions). A column's place is left out on PostgreSQL: a column dropped and added again (back
and forth over a migration) comes back last there, which changes nothing a query sees. Both come
out as {section: sorted list of rows}, rows being lists of strings, so that a JSON file can hold
them and a difference shows which object changed.
"""

SQLITE = {
    "objects": "SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master",
}

POSTGRES = {
    "columns": """
        SELECT c.table_name, c.column_name, c.data_type,
            COALESCE(c.character_maximum_length::text, ''), c.is_nullable,
            COALESCE(c.column_default, ''), c.is_identity
        FROM information_schema.columns c WHERE c.table_schema = 'public'""",
    "statistics": """
        SELECT t.relname, a.attname, a.attstattarget::text
        FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid
        WHERE t.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
            AND COALESCE(a.attstattarget, -1) <> -1""",
    "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "constraints": """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace""",
    "triggers": """
        SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid)
        FROM pg_trigger WHERE NOT tgisinternal""",
    "functions": """
        SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p
        WHERE p.pronamespace = 'public'::regnamespace AND NOT EXISTS (
            SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')""",
    "extensions": "SELECT extname FROM pg_extension",
}


def dump(connection) -> dict[str, list[list[str]]]:
    """The schema of the database behind `connection` (a Django connection), by section."""
    queries = POSTGRES if connection.vendor == "postgresql" else SQLITE
    result = {}
    with connection.cursor() as cursor:
        for section, sql in queries.items():
            cursor.execute(sql)
            result[section] = sorted([str(value) for value in row] for row in cursor.fetchall())
    return result


def differences(expected: dict, actual: dict) -> list[str]:
    """Readable lines for what differs between two dumps ("- row" missing, "+ row" extra)."""
    lines = []
    for section in sorted(set(expected) | set(actual)):
        want = {tuple(row) for row in expected.get(section, [])}
        got = {tuple(row) for row in actual.get(section, [])}
        lines += [f"{section}: - {list(row)}" for row in sorted(want - got)]
        lines += [f"{section}: + {list(row)}" for row in sorted(got - want)]
    return lines

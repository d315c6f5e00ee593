"""Sort keys kept on ClientAccount by database triggers, for the Clients page's sorts by most
missing receipts (ExpenseSummary) and latest portal login (PortalActivity).

Sorted through a join, every page sorts all 100,000 accounts of a firm; copied onto the account,
an index (firm, key, name_key, id) serves a page by reading its entries in order. Each
key mirrors one column of a table keyed by account_id: inserting or updating a row copies it,
deleting the row clears it (NULL sorts last). Triggers, like the tallies' (clients/tallies.py),
keep them whatever writes the rows; ClientAccount.save() never writes them.

The index is created here, per database: PostgreSQL needs "DESC NULLS LAST" written in it, which
SQLite refuses in an index (its DESC puts NULLs last already)."""

from portico.clients import triggers

# source table: (its column, ClientAccount's column)
MIRRORS = {
    "expenses_expensesummary": ("missing_receipts", "sort_missing_receipts"),
    "portal_portalactivity": ("last_login", "sort_last_login"),
}
ACCOUNTS = "clients_clientaccount"


def _clear(key, old, new=None):
    """Clear the key of the accounts whose row left (`old` not in `new`)."""
    sql = f"UPDATE {ACCOUNTS} SET {key} = NULL WHERE id IN (SELECT account_id FROM {old})"
    return sql + (f" AND id NOT IN (SELECT account_id FROM {new})" if new else "")


def _copy(source, key, new, differs):
    return (
        f"UPDATE {ACCOUNTS} SET {key} = n.{source} FROM {new} n"
        f" WHERE {ACCOUNTS}.id = n.account_id AND {ACCOUNTS}.{key} {differs} n.{source}"
    )


def _statements(source, key, old, new, differs):
    """By event: what keeps `key` right, `old` and `new` being the tables of changed rows."""
    return {
        "INSERT": [_copy(source, key, new, differs)],
        "UPDATE": [_clear(key, old, new), _copy(source, key, new, differs)],
        "DELETE": [_clear(key, old)],
    }


def definitions(postgres):
    """(name, table, the SQL creating it) of every sort-key trigger."""
    differs = "IS DISTINCT FROM" if postgres else "IS NOT"
    for table, (source, key) in MIRRORS.items():
        old, new = (
            triggers.changed_rows(side, ["account_id", source], postgres) for side in ("OLD", "NEW")
        )
        for event, statements in _statements(source, key, old, new, differs).items():
            name = f"sort_key_{table}_{event.lower()}"
            yield name, table, triggers.create(name, table, event, statements, postgres)


def _index(key, order):
    """The sort's index; the onboarding step last, so that the All tab's `onboarding <>
    'archived'` is read from the index, not from each row (clients 0017)."""
    columns = f"firm_id, {key} {order}, name_key, id, onboarding"
    return f"CREATE INDEX account_list_{key} ON {ACCOUNTS} ({columns})"


def refill():
    """Copy every key from its table (after the migration, the same as the triggers)."""
    for table, (source, key) in MIRRORS.items():
        yield (
            f"UPDATE {ACCOUNTS} SET {key} ="
            f" (SELECT s.{source} FROM {table} s WHERE s.account_id = {ACCOUNTS}.id)"
        )


def install(apps, schema_editor):
    """Migration step: the triggers and indexes of this database, then the keys of what exists."""
    uninstall(apps, schema_editor)
    triggers.install(definitions, schema_editor)
    postgres = schema_editor.connection.vendor == "postgresql"
    for _, key in MIRRORS.values():
        schema_editor.execute(_index(key, "DESC NULLS LAST" if postgres else "DESC"))
    for sql in refill():
        schema_editor.execute(sql)
    if not postgres:  # without statistics of the new indexes, SQLite may sort by name with one
        schema_editor.execute(f"ANALYZE {ACCOUNTS}")


def uninstall(apps, schema_editor):
    triggers.uninstall(definitions, schema_editor)
    for _, key in MIRRORS.values():
        schema_editor.execute(f"DROP INDEX IF EXISTS account_list_{key}")

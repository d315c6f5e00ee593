"""The foundation's sort-index columns, and the triggers that fill them from a feature's table.

The Clients page sorts by figures that features keep in their own tables (most missing receipts:
ExpenseSummary; latest portal login: PortalActivity). Sorted through a join, every page sorts all
100,000 accounts of a firm (p95 48–66 ms); copied onto the account, an index (firm, key,
name_key, id, onboarding) serves a page by reading its entries in order (25–43 ms). So
ClientAccount offers sort-index columns (`sort_missing_receipts`, `sort_last_login`, with those
indexes: clients 0008, 0013, 0017), and a feature fills one with a Mirror of one column of its
table keyed by account_id: inserting or updating a row copies it, deleting the row clears it
(NULL sorts last). The feature declares the mirror (expenses/sort_key.py, portal/sort_key.py),
installs its triggers in its own migration (literal SQL) and registers the sort and filter that
read the column (core.registry.ClientsSort, ClientsFilter). Triggers, like the tallies'
(clients/tallies.py), keep the copy whatever writes the rows; ClientAccount.save() never writes
it. This module names no feature: it writes SQL for the mirror it is given."""

from dataclasses import dataclass

from portico.clients import triggers

ACCOUNTS = "clients_clientaccount"


@dataclass(frozen=True)
class Mirror:
    """`table`.`source` (a table keyed by account_id) copied into ClientAccount.`key`. Its
    `definitions`, `install` and `uninstall` are what the feature's sort_key module offers
    (manage.py triggersql reads them from there, tests/test_migrations.py compares them)."""

    table: str
    source: str
    key: str

    def definitions(self, postgres):
        """(name, table, the SQL creating it) of the mirror's triggers."""
        return definitions(self, postgres)

    def install(self, apps, schema_editor):
        """Migration step (the feature's): the triggers, then the keys of what exists."""
        install(self, schema_editor)

    def uninstall(self, apps, schema_editor):
        uninstall(self, schema_editor)


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


def definitions(mirror: Mirror, postgres):
    """(name, table, the SQL creating it) of the mirror's triggers."""
    differs = "IS DISTINCT FROM" if postgres else "IS NOT"
    columns = ["account_id", mirror.source]
    old, new = (triggers.changed_rows(side, columns, postgres) for side in ("OLD", "NEW"))
    for event, statements in _statements(mirror.source, mirror.key, old, new, differs).items():
        name = f"sort_key_{mirror.table}_{event.lower()}"
        yield name, mirror.table, triggers.create(name, mirror.table, event, statements, postgres)


def refill(mirror: Mirror):
    """Copy every key from its table (after the migration, the same as the triggers)."""
    return (
        f"UPDATE {ACCOUNTS} SET {mirror.key} = (SELECT s.{mirror.source} FROM {mirror.table} s"
        f" WHERE s.account_id = {ACCOUNTS}.id)"
    )


def install(mirror: Mirror, schema_editor):
    """Migration step (the feature's): the mirror's triggers, then the keys of what exists."""
    uninstall(mirror, schema_editor)
    triggers.install(lambda postgres: definitions(mirror, postgres), schema_editor)
    schema_editor.execute(refill(mirror))


def uninstall(mirror: Mirror, schema_editor):
    """Migration step: drop the mirror's triggers (the copies stay, no longer kept)."""
    triggers.uninstall(lambda postgres: definitions(mirror, postgres), schema_editor)

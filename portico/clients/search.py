"""Search clients by any part of their name, contact names or emails (C-4), served by an index.

ClientAccount.search_text holds the accent-folded, lower-cased text. A substring search cannot use
an ordinary index, so each database gets a trigram index over that column:
- PostgreSQL: pg_trgm's GIN index, which serves `LIKE '%…%'` directly;
- SQLite: an FTS5 table with the trigram tokenizer, kept in step by triggers, whose
  `LIKE '%…%'` is served by its index.
Words shorter than three letters cannot use a trigram index and fall back to a plain scan.
"""

from django.db import connection
from django.db.models.expressions import RawSQL

from portico.core.text import fold

FTS_TABLE = "clients_account_search"

SQLITE_SETUP = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        search_text, content='clients_clientaccount', content_rowid='id', tokenize='trigram')""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON clients_clientaccount
        BEGIN INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON clients_clientaccount
        BEGIN INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update
        AFTER UPDATE OF search_text ON clients_clientaccount
        BEGIN INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END""",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_TEARDOWN = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{name}" for name in ("insert", "delete", "update")
] + [f"DROP TABLE IF EXISTS {FTS_TABLE}"]

POSTGRES_SETUP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS account_search_trgm ON clients_clientaccount "
    "USING gin (search_text gin_trgm_ops)",
]
POSTGRES_TEARDOWN = ["DROP INDEX IF EXISTS account_search_trgm"]


def install(apps, schema_editor):
    """Migration step: create the trigram index of this database."""
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_SETUP, "postgresql": POSTGRES_SETUP}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_TEARDOWN, "postgresql": POSTGRES_TEARDOWN}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def matching(accounts, text: str, probe=False):
    """`accounts` narrowed to those whose search text contains every word of `text`. With
    `probe` (a page early in a long list: listing.RowPaginator), SQLite checks each account as
    it reads them in order instead of first collecting every candidate of the trigram table,
    which for a word most accounts share ("example.es") is most of the firm."""
    for word in fold(text).split():
        if len(word) >= 3 and connection.vendor == "sqlite" and not probe:
            # The trigram table narrows the candidates (a % or _ typed by the user only widens
            # its LIKE); the exact `contains` below keeps the true matches.
            candidates = RawSQL(
                f"SELECT rowid FROM {FTS_TABLE} WHERE search_text LIKE %s", (f"%{word}%",)
            )
            accounts = accounts.filter(pk__in=candidates)
        accounts = accounts.filter(search_text__contains=word)
    return accounts

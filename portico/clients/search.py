"""Search clients by any part of their name, contact names or emails (C-4), served by an index.

ClientAccount.search_text holds the folded text (core.text.fold: lower-case, no accents, one
apostrophe, quote and dash), Contact.search_text the same of a contact's names and emails (Add
contact, P-5). A substring search cannot use an ordinary index, so each database gets a trigram
index over each column:
- PostgreSQL: pg_trgm's GIN index, which serves `LIKE '%…%'` directly;
- SQLite: an FTS5 table with the trigram tokenizer, kept in step by triggers, whose
  phrase queries are served by its index.
Words shorter than three letters cannot use a trigram index and fall back to a plain scan.
"""

from django.db import connection
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate

from portico.core.text import fold

# SQLite's trigram tables: of the accounts' search text, and of the contacts' (migration 0012).
FTS_TABLE = "clients_account_search"
CONTACTS_FTS_TABLE = "clients_contact_search"

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


# PostgreSQL counts a common fragment ("0@example.es", in a tenth of the firm) best by reading the
# table until 1,001 rows match and a rare one from the trigram index, and chooses by the share of
# rows it expects to match, read off the column's histogram. With 100 values (the default) a 10 %
# fragment came out anywhere from 6 to 14 % from one ANALYZE to the next, and at 6 % it took the
# index (all 100,000 entries: 14 ms instead of 3). 1,000 values keep the estimate within 1 %.
POSTGRES_STATISTICS = 1000


def _search_statistics(schema_editor, target):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE clients_clientaccount ALTER COLUMN search_text "
            f"SET STATISTICS {int(target)}"
        )


def raise_statistics(apps, schema_editor):
    """Migration step: a finer histogram of the search text on PostgreSQL."""
    _search_statistics(schema_editor, POSTGRES_STATISTICS)


def default_statistics(apps, schema_editor):
    _search_statistics(schema_editor, -1)


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


def indexed_words(text: str) -> list[str]:
    """The folded words of a search that a trigram index can serve (three letters or more)."""
    return [word for word in fold(text).split() if len(word) >= 3]


def phrases(words) -> str:
    """An FTS5 query for rows holding every word as a substring: with the trigram tokenizer a
    quoted phrase matches its trigrams side by side, which no other text can."""
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


def matching(rows, text: str, probe=False, fts=FTS_TABLE):
    """`rows` (accounts; contacts with fts=CONTACTS_FTS_TABLE) narrowed to those whose search
    text contains every folded word of `text`. With `probe` (a page early in a long list:
    listing.RowPaginator), SQLite checks each account as it reads them in order instead of
    first collecting every candidate of the trigram table, which for a word most accounts
    share ("example.es") is most of the firm."""
    words = indexed_words(text)
    if words and connection.vendor == "sqlite" and not probe:
        # The trigram table narrows the candidates; the exact `contains` below keeps the rest
        # honest (and checks the words too short for the index).
        candidates = RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", (phrases(words),))
        rows = rows.filter(pk__in=candidates)
    for word in fold(text).split():
        if connection.vendor == "postgresql" and _unindexed_first_character(word):
            exact = rows.alias(search_text_c=Collate("search_text", "C"))
            rows = exact.filter(search_text_c__contains=word).filter(search_text__contains=word[1:])
        else:
            rows = rows.filter(search_text__contains=word)
    return rows


def _unindexed_first_character(word: str) -> bool:
    """Whether pg_trgm's index cannot check the first character of `word` ("0@example.es"): it
    splits words at anything but letters and digits, and a single character cut off by the
    search's start yields no trigram. The index then returns every account holding the rest
    ("@example.es": all 100,000, 19 ms to collect) while PostgreSQL costs it by the share that
    match the whole (10 %), within 1 % of reading the table until 1,001 match (2 ms), and took
    either from one build to the next. So the index is asked for the rest, whose share the
    planner then weighs, and the whole is checked under another collation, which the index
    (built with the column's) cannot serve but the column's statistics still estimate."""
    return len(word) > 1 and word[0].isalnum() and not word[1].isalnum()


def streams_candidates(text: str) -> bool:
    """Whether count_up_to reads this search's candidates from SQLite's trigram table."""
    return connection.vendor == "sqlite" and bool(indexed_words(text))


def count_up_to(accounts, text: str, limit: int) -> int:
    """How many of `accounts` (checked row by row: listing's `probe`) match `text`, counted up
    to `limit`, on SQLite (streams_candidates). The trigram table hands out its candidates one
    by one and each is checked against `accounts` until `limit` are found: collecting all the
    candidates first, as `matching` does, costs 30 ms for a word a tenth of the firm shares."""
    account = matching(accounts, text, probe=True).filter(pk=RawSQL(f"{FTS_TABLE}.rowid", ()))
    sql, params = account.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            f" AND EXISTS ({sql}) LIMIT %s)",
            (phrases(indexed_words(text)), *params, limit),
        )
        return cursor.fetchone()[0]

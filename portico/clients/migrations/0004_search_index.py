"""The trigram index of the accounts' search text (clients/search.py when this was written): an
FTS5 table kept in step by triggers on SQLite, pg_trgm's GIN index on PostgreSQL. The SQL is
written out here (manage.py triggersql) so that replaying this migration always runs it."""

from django.db import migrations

# manage.py triggersql portico.clients.search:install
INSTALL = {
    'sqlite': [
        (
            'CREATE VIRTUAL TABLE IF NOT EXISTS clients_account_search USING fts5(\n'
            "        search_text, content='clients_clientaccount', content_rowid='id', "
            "tokenize='trigram')"
        ),
        (
            'CREATE TRIGGER IF NOT EXISTS clients_account_search_insert AFTER INSERT ON '
            'clients_clientaccount\n'
            '        BEGIN INSERT INTO clients_account_search(rowid, search_text) VALUES (new.id, '
            'new.search_text); END'
        ),
        (
            'CREATE TRIGGER IF NOT EXISTS clients_account_search_delete AFTER DELETE ON '
            'clients_clientaccount\n'
            '        BEGIN INSERT INTO clients_account_search(clients_account_search, rowid, '
            'search_text)\n'
            "        VALUES ('delete', old.id, old.search_text); END"
        ),
        (
            'CREATE TRIGGER IF NOT EXISTS clients_account_search_update\n'
            '        AFTER UPDATE OF search_text ON clients_clientaccount\n'
            '        BEGIN INSERT INTO clients_account_search(clients_account_search, rowid, '
            'search_text)\n'
            "        VALUES ('delete', old.id, old.search_text);\n"
            '        INSERT INTO clients_account_search(rowid, search_text) VALUES (new.id, '
            'new.search_text); END'
        ),
        "INSERT INTO clients_account_search(clients_account_search) VALUES ('rebuild')",
    ],
    'postgresql': [
        'CREATE EXTENSION IF NOT EXISTS pg_trgm',
        (
            'CREATE INDEX IF NOT EXISTS account_search_trgm ON clients_clientaccount USING gin '
            '(search_text gin_trgm_ops)'
        ),
    ],
}

# manage.py triggersql portico.clients.search:uninstall
UNINSTALL = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS clients_account_search_insert',
        'DROP TRIGGER IF EXISTS clients_account_search_delete',
        'DROP TRIGGER IF EXISTS clients_account_search_update',
        'DROP TABLE IF EXISTS clients_account_search',
    ],
    'postgresql': [
        'DROP INDEX IF EXISTS account_search_trgm',
    ],
}


def run(statements):
    """A migration step executing, as written here, the statements of the database it runs on
    (none on another database)."""

    def step(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return step


class Migration(migrations.Migration):
    dependencies = [("clients", "0003_clients_page")]

    operations = [migrations.RunPython(run(INSTALL), run(UNINSTALL))]

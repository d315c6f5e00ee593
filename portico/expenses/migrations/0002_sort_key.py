"""ExpenseSummary.missing_receipts, which the Clients page sorts and filters by: the triggers
copying it into the foundation's sort-index column, declared here since issue 16 (clients 0019
dropped clients' own; the same triggers by name and SQL), then every key copied anew. Literal
SQL, frozen here."""

from django.db import migrations

# expenses/sort_key.py as of this migration's commit: install
INSTALL = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_insert',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_update',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_delete',
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_insert AFTER INSERT ON '
            'expenses_expensesummary FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_missing_receipts = n.missing_receipts FROM (SELECT NEW.account_id AS account_id, '
            'NEW.missing_receipts AS missing_receipts) n WHERE clients_clientaccount.id = '
            'n.account_id AND clients_clientaccount.sort_missing_receipts IS NOT '
            'n.missing_receipts; END'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_update AFTER UPDATE ON '
            'expenses_expensesummary FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_missing_receipts = NULL WHERE id IN (SELECT account_id FROM (SELECT '
            'OLD.account_id AS account_id, OLD.missing_receipts AS missing_receipts)) AND id NOT '
            'IN (SELECT account_id FROM (SELECT NEW.account_id AS account_id, NEW.missing_receipts '
            'AS missing_receipts)); UPDATE clients_clientaccount SET sort_missing_receipts = '
            'n.missing_receipts FROM (SELECT NEW.account_id AS account_id, NEW.missing_receipts AS '
            'missing_receipts) n WHERE clients_clientaccount.id = n.account_id AND '
            'clients_clientaccount.sort_missing_receipts IS NOT n.missing_receipts; END'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_delete AFTER DELETE ON '
            'expenses_expensesummary FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_missing_receipts = NULL WHERE id IN (SELECT account_id FROM (SELECT '
            'OLD.account_id AS account_id, OLD.missing_receipts AS missing_receipts)); END'
        ),
        (
            'UPDATE clients_clientaccount SET sort_missing_receipts = (SELECT s.missing_receipts '
            'FROM expenses_expensesummary s WHERE s.account_id = clients_clientaccount.id)'
        ),
    ],
    'postgresql': [
        (
            'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_insert ON '
            'expenses_expensesummary'
        ),
        'DROP FUNCTION IF EXISTS sort_key_expenses_expensesummary_insert()',
        (
            'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_update ON '
            'expenses_expensesummary'
        ),
        'DROP FUNCTION IF EXISTS sort_key_expenses_expensesummary_update()',
        (
            'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_delete ON '
            'expenses_expensesummary'
        ),
        'DROP FUNCTION IF EXISTS sort_key_expenses_expensesummary_delete()',
        (
            'CREATE FUNCTION sort_key_expenses_expensesummary_insert() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_missing_receipts = '
            'n.missing_receipts FROM new_rows n WHERE clients_clientaccount.id = n.account_id AND '
            'clients_clientaccount.sort_missing_receipts IS DISTINCT FROM n.missing_receipts; '
            'RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_insert AFTER INSERT ON '
            'expenses_expensesummary REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION sort_key_expenses_expensesummary_insert()'
        ),
        (
            'CREATE FUNCTION sort_key_expenses_expensesummary_update() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_missing_receipts = NULL '
            'WHERE id IN (SELECT account_id FROM old_rows) AND id NOT IN (SELECT account_id FROM '
            'new_rows); UPDATE clients_clientaccount SET sort_missing_receipts = '
            'n.missing_receipts FROM new_rows n WHERE clients_clientaccount.id = n.account_id AND '
            'clients_clientaccount.sort_missing_receipts IS DISTINCT FROM n.missing_receipts; '
            'RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_update AFTER UPDATE ON '
            'expenses_expensesummary REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR '
            'EACH STATEMENT EXECUTE FUNCTION sort_key_expenses_expensesummary_update()'
        ),
        (
            'CREATE FUNCTION sort_key_expenses_expensesummary_delete() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_missing_receipts = NULL '
            'WHERE id IN (SELECT account_id FROM old_rows); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_delete AFTER DELETE ON '
            'expenses_expensesummary REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION sort_key_expenses_expensesummary_delete()'
        ),
        (
            'UPDATE clients_clientaccount SET sort_missing_receipts = (SELECT s.missing_receipts '
            'FROM expenses_expensesummary s WHERE s.account_id = clients_clientaccount.id)'
        ),
    ],
}

# expenses/sort_key.py as of this migration's commit: uninstall
UNINSTALL = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_insert',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_update',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_delete',
    ],
    'postgresql': [
        (
            'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_insert ON '
            'expenses_expensesummary'
        ),
        'DROP FUNCTION IF EXISTS sort_key_expenses_expensesummary_insert()',
        (
            'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_update ON '
            'expenses_expensesummary'
        ),
        'DROP FUNCTION IF EXISTS sort_key_expenses_expensesummary_update()',
        (
            'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_delete ON '
            'expenses_expensesummary'
        ),
        'DROP FUNCTION IF EXISTS sort_key_expenses_expensesummary_delete()',
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
    dependencies = [
        ("expenses", "0001_initial"),
        ("clients", "0019_sort_keys_declared_by_features"),
    ]

    operations = [
        migrations.RunPython(run(INSTALL), run(UNINSTALL)),
    ]

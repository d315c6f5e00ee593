"""The sort-index columns stay the foundation's (ClientAccount.sort_missing_receipts,
sort_last_login, and their indexes), but the triggers filling them are now declared by the
features whose tables they copy (issue 16): this drops clients' own, expenses 0002 and portal
0004 install theirs (the same triggers, by name and SQL). Literal SQL, frozen here."""

from django.db import migrations

# clients/sort_keys.py as of 892b164: its triggers' uninstall (the indexes stay)
DROP_MIRRORS = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_insert',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_update',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_delete',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_insert',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_update',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_delete',
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
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_insert ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_insert()',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_update ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_update()',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_delete ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_delete()',
    ],
}

# Going back: clients/sort_keys.py as of 892b164: install (triggers, indexes, keys refilled)
RESTORE_MIRRORS = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_insert',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_update',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_delete',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_insert',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_update',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_delete',
        'DROP INDEX IF EXISTS account_list_sort_missing_receipts',
        'DROP INDEX IF EXISTS account_list_sort_last_login',
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
            'CREATE TRIGGER sort_key_portal_portalactivity_insert AFTER INSERT ON '
            'portal_portalactivity FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_last_login = n.last_login FROM (SELECT NEW.account_id AS account_id, '
            'NEW.last_login AS last_login) n WHERE clients_clientaccount.id = n.account_id AND '
            'clients_clientaccount.sort_last_login IS NOT n.last_login; END'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_update AFTER UPDATE ON '
            'portal_portalactivity FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_last_login = NULL WHERE id IN (SELECT account_id FROM (SELECT OLD.account_id AS '
            'account_id, OLD.last_login AS last_login)) AND id NOT IN (SELECT account_id FROM '
            '(SELECT NEW.account_id AS account_id, NEW.last_login AS last_login)); UPDATE '
            'clients_clientaccount SET sort_last_login = n.last_login FROM (SELECT NEW.account_id '
            'AS account_id, NEW.last_login AS last_login) n WHERE clients_clientaccount.id = '
            'n.account_id AND clients_clientaccount.sort_last_login IS NOT n.last_login; END'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_delete AFTER DELETE ON '
            'portal_portalactivity FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_last_login = NULL WHERE id IN (SELECT account_id FROM (SELECT OLD.account_id AS '
            'account_id, OLD.last_login AS last_login)); END'
        ),
        (
            'CREATE INDEX account_list_sort_missing_receipts ON clients_clientaccount (firm_id, '
            'sort_missing_receipts DESC, name_key, id, onboarding)'
        ),
        (
            'CREATE INDEX account_list_sort_last_login ON clients_clientaccount (firm_id, '
            'sort_last_login DESC, name_key, id, onboarding)'
        ),
        (
            'UPDATE clients_clientaccount SET sort_missing_receipts = (SELECT s.missing_receipts '
            'FROM expenses_expensesummary s WHERE s.account_id = clients_clientaccount.id)'
        ),
        (
            'UPDATE clients_clientaccount SET sort_last_login = (SELECT s.last_login FROM '
            'portal_portalactivity s WHERE s.account_id = clients_clientaccount.id)'
        ),
        'ANALYZE clients_clientaccount',
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
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_insert ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_insert()',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_update ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_update()',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_delete ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_delete()',
        'DROP INDEX IF EXISTS account_list_sort_missing_receipts',
        'DROP INDEX IF EXISTS account_list_sort_last_login',
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
            'CREATE FUNCTION sort_key_portal_portalactivity_insert() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_last_login = n.last_login '
            'FROM new_rows n WHERE clients_clientaccount.id = n.account_id AND '
            'clients_clientaccount.sort_last_login IS DISTINCT FROM n.last_login; RETURN NULL; END '
            '$$'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_insert AFTER INSERT ON '
            'portal_portalactivity REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION sort_key_portal_portalactivity_insert()'
        ),
        (
            'CREATE FUNCTION sort_key_portal_portalactivity_update() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_last_login = NULL WHERE id '
            'IN (SELECT account_id FROM old_rows) AND id NOT IN (SELECT account_id FROM new_rows); '
            'UPDATE clients_clientaccount SET sort_last_login = n.last_login FROM new_rows n WHERE '
            'clients_clientaccount.id = n.account_id AND clients_clientaccount.sort_last_login IS '
            'DISTINCT FROM n.last_login; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_update AFTER UPDATE ON '
            'portal_portalactivity REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR '
            'EACH STATEMENT EXECUTE FUNCTION sort_key_portal_portalactivity_update()'
        ),
        (
            'CREATE FUNCTION sort_key_portal_portalactivity_delete() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_last_login = NULL WHERE id '
            'IN (SELECT account_id FROM old_rows); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_delete AFTER DELETE ON '
            'portal_portalactivity REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION sort_key_portal_portalactivity_delete()'
        ),
        (
            'CREATE INDEX account_list_sort_missing_receipts ON clients_clientaccount (firm_id, '
            'sort_missing_receipts DESC NULLS LAST, name_key, id, onboarding)'
        ),
        (
            'CREATE INDEX account_list_sort_last_login ON clients_clientaccount (firm_id, '
            'sort_last_login DESC NULLS LAST, name_key, id, onboarding)'
        ),
        (
            'UPDATE clients_clientaccount SET sort_missing_receipts = (SELECT s.missing_receipts '
            'FROM expenses_expensesummary s WHERE s.account_id = clients_clientaccount.id)'
        ),
        (
            'UPDATE clients_clientaccount SET sort_last_login = (SELECT s.last_login FROM '
            'portal_portalactivity s WHERE s.account_id = clients_clientaccount.id)'
        ),
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
        ("clients", "0018_pending_emails_to_the_portal"),
        ("expenses", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(run(DROP_MIRRORS), run(RESTORE_MIRRORS)),
    ]

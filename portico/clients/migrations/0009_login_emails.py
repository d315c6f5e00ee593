from django.db import migrations, models

# Before the rebuild: every trigger naming the accounts table (clients/tallies.py's and
# sort_keys.py's uninstall).
# manage.py triggersql portico.clients.tallies:uninstall portico.clients.sort_keys:uninstall
DROP_TRIGGERS = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_insert',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_update',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_delete',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_insert',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_update',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_delete',
        'DROP TRIGGER IF EXISTS tally_firms_firm_insert',
        'DROP TRIGGER IF EXISTS tally_firms_member_insert',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_insert',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_update',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_delete',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_insert',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_update',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_delete',
        'DROP INDEX IF EXISTS account_list_sort_missing_receipts',
        'DROP INDEX IF EXISTS account_list_sort_last_login',
    ],
    'postgresql': [
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_update()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_update()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_update()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_insert ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_update ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_update()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_delete ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_delete()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_insert ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_insert()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_update ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_update()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_delete ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_delete()',
        'DROP TRIGGER IF EXISTS tally_firms_firm_insert ON firms_firm',
        'DROP FUNCTION IF EXISTS tally_firms_firm_insert()',
        'DROP TRIGGER IF EXISTS tally_firms_member_insert ON firms_member',
        'DROP FUNCTION IF EXISTS tally_firms_member_insert()',
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
    ],
}

# After it: the sort keys' triggers and indexes, and the search index's (sort_keys.py's and
# search.py's install). The tallies' come with 0011, with the columns they write.
# manage.py triggersql portico.clients.sort_keys:install portico.clients.search:install
INSTALL_TRIGGERS = {
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
            'n.account_id AND clients_clientaccount.sort_missing_receipts IS NOT n.missing_receipts; '
            'END'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_update AFTER UPDATE ON '
            'expenses_expensesummary FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_missing_receipts = NULL WHERE id IN (SELECT account_id FROM (SELECT OLD.account_id '
            'AS account_id, OLD.missing_receipts AS missing_receipts)) AND id NOT IN (SELECT '
            'account_id FROM (SELECT NEW.account_id AS account_id, NEW.missing_receipts AS '
            'missing_receipts)); UPDATE clients_clientaccount SET sort_missing_receipts = '
            'n.missing_receipts FROM (SELECT NEW.account_id AS account_id, NEW.missing_receipts AS '
            'missing_receipts) n WHERE clients_clientaccount.id = n.account_id AND '
            'clients_clientaccount.sort_missing_receipts IS NOT n.missing_receipts; END'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_delete AFTER DELETE ON '
            'expenses_expensesummary FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_missing_receipts = NULL WHERE id IN (SELECT account_id FROM (SELECT OLD.account_id '
            'AS account_id, OLD.missing_receipts AS missing_receipts)); END'
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
            'clients_clientaccount SET sort_last_login = n.last_login FROM (SELECT NEW.account_id AS '
            'account_id, NEW.last_login AS last_login) n WHERE clients_clientaccount.id = '
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
            'onboarding, sort_missing_receipts DESC, name_key, id)'
        ),
        (
            'CREATE INDEX account_list_sort_last_login ON clients_clientaccount (firm_id, '
            'onboarding, sort_last_login DESC, name_key, id)'
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
            'clients_clientaccount.sort_missing_receipts IS DISTINCT FROM n.missing_receipts; RETURN '
            'NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_insert AFTER INSERT ON '
            'expenses_expensesummary REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION sort_key_expenses_expensesummary_insert()'
        ),
        (
            'CREATE FUNCTION sort_key_expenses_expensesummary_update() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_missing_receipts = NULL WHERE '
            'id IN (SELECT account_id FROM old_rows) AND id NOT IN (SELECT account_id FROM '
            'new_rows); UPDATE clients_clientaccount SET sort_missing_receipts = n.missing_receipts '
            'FROM new_rows n WHERE clients_clientaccount.id = n.account_id AND '
            'clients_clientaccount.sort_missing_receipts IS DISTINCT FROM n.missing_receipts; RETURN '
            'NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_update AFTER UPDATE ON '
            'expenses_expensesummary REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR '
            'EACH STATEMENT EXECUTE FUNCTION sort_key_expenses_expensesummary_update()'
        ),
        (
            'CREATE FUNCTION sort_key_expenses_expensesummary_delete() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_missing_receipts = NULL WHERE '
            'id IN (SELECT account_id FROM old_rows); RETURN NULL; END $$'
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
            'clients_clientaccount.sort_last_login IS DISTINCT FROM n.last_login; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_insert AFTER INSERT ON '
            'portal_portalactivity REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION sort_key_portal_portalactivity_insert()'
        ),
        (
            'CREATE FUNCTION sort_key_portal_portalactivity_update() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_last_login = NULL WHERE id IN '
            '(SELECT account_id FROM old_rows) AND id NOT IN (SELECT account_id FROM new_rows); '
            'UPDATE clients_clientaccount SET sort_last_login = n.last_login FROM new_rows n WHERE '
            'clients_clientaccount.id = n.account_id AND clients_clientaccount.sort_last_login IS '
            'DISTINCT FROM n.last_login; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_update AFTER UPDATE ON '
            'portal_portalactivity REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH '
            'STATEMENT EXECUTE FUNCTION sort_key_portal_portalactivity_update()'
        ),
        (
            'CREATE FUNCTION sort_key_portal_portalactivity_delete() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_last_login = NULL WHERE id IN '
            '(SELECT account_id FROM old_rows); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_delete AFTER DELETE ON '
            'portal_portalactivity REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION sort_key_portal_portalactivity_delete()'
        ),
        (
            'CREATE INDEX account_list_sort_missing_receipts ON clients_clientaccount (firm_id, '
            'onboarding, sort_missing_receipts DESC NULLS LAST, name_key, id)'
        ),
        (
            'CREATE INDEX account_list_sort_last_login ON clients_clientaccount (firm_id, '
            'onboarding, sort_last_login DESC NULLS LAST, name_key, id)'
        ),
        (
            'UPDATE clients_clientaccount SET sort_missing_receipts = (SELECT s.missing_receipts '
            'FROM expenses_expensesummary s WHERE s.account_id = clients_clientaccount.id)'
        ),
        (
            'UPDATE clients_clientaccount SET sort_last_login = (SELECT s.last_login FROM '
            'portal_portalactivity s WHERE s.account_id = clients_clientaccount.id)'
        ),
        'CREATE EXTENSION IF NOT EXISTS pg_trgm',
        (
            'CREATE INDEX IF NOT EXISTS account_search_trgm ON clients_clientaccount USING gin '
            '(search_text gin_trgm_ops)'
        ),
    ],
}

# manage.py triggersql portico.clients.tallies:uninstall portico.clients.sort_keys:uninstall portico.clients.search:uninstall
UNINSTALL_TRIGGERS = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_insert',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_update',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_delete',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_insert',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_update',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_delete',
        'DROP TRIGGER IF EXISTS tally_firms_firm_insert',
        'DROP TRIGGER IF EXISTS tally_firms_member_insert',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_insert',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_update',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_delete',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_insert',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_update',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_delete',
        'DROP INDEX IF EXISTS account_list_sort_missing_receipts',
        'DROP INDEX IF EXISTS account_list_sort_last_login',
        'DROP TRIGGER IF EXISTS clients_account_search_insert',
        'DROP TRIGGER IF EXISTS clients_account_search_delete',
        'DROP TRIGGER IF EXISTS clients_account_search_update',
        'DROP TABLE IF EXISTS clients_account_search',
    ],
    'postgresql': [
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_update()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_update()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_update()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_insert ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_update ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_update()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_delete ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_delete()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_insert ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_insert()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_update ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_update()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_delete ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_delete()',
        'DROP TRIGGER IF EXISTS tally_firms_firm_insert ON firms_firm',
        'DROP FUNCTION IF EXISTS tally_firms_firm_insert()',
        'DROP TRIGGER IF EXISTS tally_firms_member_insert ON firms_member',
        'DROP FUNCTION IF EXISTS tally_firms_member_insert()',
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
    """Each account's count of login emails, kept by the tally triggers (C-7 status).

    SQLite adds this column by rebuilding the accounts table, which it refuses while triggers
    that name the table exist: they are dropped first and installed again after; so are the
    search index's triggers, which the rebuild drops. The SQL is written out here (manage.py
    triggersql) so that replaying this migration always runs it."""

    dependencies = [
        ("clients", "0008_sort_keys"),
    ]

    operations = [
        migrations.RunPython(run(DROP_TRIGGERS), migrations.RunPython.noop),
        migrations.AddField(
            model_name="clientaccount",
            name="login_emails",
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.RunPython(run(INSTALL_TRIGGERS), run(UNINSTALL_TRIGGERS)),
    ]

"""PortalActivity.last_login, which the Clients page sorts and filters by: the triggers
copying it into the foundation's sort-index column, declared here since issue 16 (clients 0019
dropped clients' own; the same triggers by name and SQL), then every key copied anew. Literal
SQL, frozen here."""

from django.db import migrations

# portal/sort_key.py as of this migration's commit: install
INSTALL = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_insert',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_update',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_delete',
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
            'UPDATE clients_clientaccount SET sort_last_login = (SELECT s.last_login FROM '
            'portal_portalactivity s WHERE s.account_id = clients_clientaccount.id)'
        ),
    ],
    'postgresql': [
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_insert ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_insert()',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_update ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_update()',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_delete ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_delete()',
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
            'UPDATE clients_clientaccount SET sort_last_login = (SELECT s.last_login FROM '
            'portal_portalactivity s WHERE s.account_id = clients_clientaccount.id)'
        ),
    ],
}

# portal/sort_key.py as of this migration's commit: uninstall
UNINSTALL = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_insert',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_update',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_delete',
    ],
    'postgresql': [
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_insert ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_insert()',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_update ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_update()',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_delete ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_delete()',
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
        ("portal", "0003_pending_emails"),
        ("clients", "0019_sort_keys_declared_by_features"),
    ]

    operations = [
        migrations.RunPython(run(INSTALL), run(UNINSTALL)),
    ]

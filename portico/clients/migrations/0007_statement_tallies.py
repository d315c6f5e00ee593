from django.db import migrations

# clients/tallies.py's uninstall, written out by manage.py triggersql.
# manage.py triggersql portico.clients.tallies:uninstall
UNINSTALL = {
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
    """The tally triggers again, as statement triggers on PostgreSQL (one tally update per
    statement instead of per row). They write columns that later migrations add, so
    0011_pending_sort_keys installs them and counts; going back, this drops them."""

    dependencies = [("clients", "0006_list_indexes")]

    operations = [migrations.RunPython(migrations.RunPython.noop, run(UNINSTALL))]

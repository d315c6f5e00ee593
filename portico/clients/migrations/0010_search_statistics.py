from django.db import migrations

# clients/search.py's raise_statistics and default_statistics (POSTGRES_STATISTICS = 1000),
# written out by manage.py triggersql.
# manage.py triggersql portico.clients.search:raise_statistics
RAISE = {
    'sqlite': [],
    'postgresql': [
        'ALTER TABLE clients_clientaccount ALTER COLUMN search_text SET STATISTICS 1000',
    ],
}

# manage.py triggersql portico.clients.search:default_statistics
DEFAULT = {
    'sqlite': [],
    'postgresql': [
        'ALTER TABLE clients_clientaccount ALTER COLUMN search_text SET STATISTICS -1',
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
    """A finer histogram of the search text on PostgreSQL (search.POSTGRES_STATISTICS)."""

    dependencies = [
        ("clients", "0009_login_emails"),
    ]

    operations = [migrations.RunPython(run(RAISE), run(DEFAULT))]

from django.db import migrations

from portico.clients import search


class Migration(migrations.Migration):
    """A finer histogram of the search text on PostgreSQL (search.POSTGRES_STATISTICS)."""

    dependencies = [
        ("clients", "0009_login_emails"),
    ]

    operations = [migrations.RunPython(search.raise_statistics, search.default_statistics)]

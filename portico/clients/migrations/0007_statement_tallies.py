from django.db import migrations

from portico.clients import tallies


class Migration(migrations.Migration):
    """The tally triggers again, as statement triggers on PostgreSQL (one tally update per
    statement instead of per row); recounted."""

    dependencies = [("clients", "0006_list_indexes")]

    operations = [migrations.RunPython(tallies.install, tallies.uninstall)]

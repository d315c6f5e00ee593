from django.db import migrations

from portico.clients import tallies


class Migration(migrations.Migration):
    """The tally triggers again, as statement triggers on PostgreSQL (one tally update per
    statement instead of per row). The triggers are the current code's, which needs a column of
    0009_login_emails: that migration installs them and counts."""

    dependencies = [("clients", "0006_list_indexes")]

    operations = [migrations.RunPython(migrations.RunPython.noop, tallies.uninstall)]

from django.db import migrations, models

from portico.clients import search, sort_keys, tallies


def drop_triggers(apps, schema_editor):
    tallies.uninstall(apps, schema_editor)
    sort_keys.uninstall(apps, schema_editor)


def install_triggers(apps, schema_editor):
    """All the triggers and indexes that name the accounts table: the rebuild took those of the
    table itself (the search index's) along with it. The tallies' come with 0011, as the
    current code writes columns that only exist from then on."""
    sort_keys.install(apps, schema_editor)
    search.install(apps, schema_editor)


def uninstall_triggers(apps, schema_editor):
    drop_triggers(apps, schema_editor)
    search.uninstall(apps, schema_editor)


class Migration(migrations.Migration):
    """Each account's count of login emails, kept by the tally triggers (C-7 status).

    SQLite adds this column by rebuilding the accounts table, which it refuses while triggers
    that name the table exist: they are dropped first and installed again after, with the
    current code's triggers, counted anew; so are the search index's triggers, which the
    rebuild drops."""

    dependencies = [
        ("clients", "0008_sort_keys"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.AddField(
            model_name="clientaccount",
            name="login_emails",
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.RunPython(install_triggers, uninstall_triggers),
    ]

from django.db import migrations, models


class Migration(migrations.Migration):
    """The account's tax id (NIF/NIE/CIF, SIREN/SIRET, EU VAT), which imports match on (X-3).

    Added with a plain ALTER TABLE on both databases: Django's SQLite schema editor would
    rebuild the accounts table for a NOT NULL column, which drops the search index's, sort keys'
    and tallies' triggers on it. The column keeps a database default of '' (harmless: Django
    always writes the field)."""

    dependencies = [
        ("clients", "0013_all_tab_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="clientaccount",
                    name="tax_id",
                    field=models.CharField(
                        blank=True, default="", max_length=20, verbose_name="tax ID"
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE clients_clientaccount "
                    "ADD COLUMN tax_id varchar(20) NOT NULL DEFAULT ''",
                    "ALTER TABLE clients_clientaccount DROP COLUMN tax_id",
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="clientaccount",
            index=models.Index(fields=["firm", "tax_id"], name="account_tax_id"),
        ),
    ]

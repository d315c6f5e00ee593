from django.db import migrations, models

# The Clients page's All and My clients list onboarding accounts too (C-1: All means all), so
# their sorted indexes no longer start with the onboarding step. Literal SQL, frozen here: the
# sort-key indexes as clients/sort_keys.py creates them from now on (PostgreSQL needs NULLS LAST
# written in the index; SQLite refuses it, its DESC puts NULLs last already).
SORT_KEYS = ("sort_missing_receipts", "sort_last_login")
NEW = "CREATE INDEX account_list_{key} ON clients_clientaccount (firm_id, {key} {order}, name_key, id)"
OLD = (
    "CREATE INDEX account_list_{key} ON clients_clientaccount"
    " (firm_id, onboarding, {key} {order}, name_key, id)"
)


def _recreate(schema_editor, create):
    postgres = schema_editor.connection.vendor == "postgresql"
    order = "DESC NULLS LAST" if postgres else "DESC"
    for key in SORT_KEYS:
        schema_editor.execute(f"DROP INDEX IF EXISTS account_list_{key}")
        schema_editor.execute(create.format(key=key, order=order))
    if not postgres:  # SQLite's planner picks among indexes by their statistics
        schema_editor.execute("ANALYZE clients_clientaccount")


def forwards(apps, schema_editor):
    _recreate(schema_editor, NEW)


def backwards(apps, schema_editor):
    _recreate(schema_editor, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0012_search_folding"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="clientaccount", name="account_list_name"),
        migrations.RemoveIndex(model_name="clientaccount", name="account_list_created"),
        migrations.AddIndex(
            model_name="clientaccount",
            index=models.Index(fields=["firm", "name_key", "id"], name="account_list_name"),
        ),
        migrations.AddIndex(
            model_name="clientaccount",
            index=models.Index(fields=["firm", "created_at", "id"], name="account_list_created"),
        ),
        migrations.AddIndex(
            model_name="clientaccount",
            index=models.Index(fields=["firm", "onboarding"], name="account_firm_onboarding"),
        ),
        migrations.RunPython(forwards, backwards),
    ]

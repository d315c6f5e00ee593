from django.db import migrations

from portico.clients import search


class Migration(migrations.Migration):
    dependencies = [("clients", "0003_clients_page")]

    operations = [migrations.RunPython(search.install, search.uninstall)]

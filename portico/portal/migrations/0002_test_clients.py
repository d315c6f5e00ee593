"""Every existing firm gets its portal settings and its test client (A-11); new firms get theirs
the first time an owner or admin asks for it (actions.ensure_test_client)."""

import unicodedata

from django.contrib.auth.hashers import make_password
from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext as _


def fold(text):
    """core.text.fold as it was when this migration was written (clients 0012_search_folding
    folds every name key and search text anew with the fold that came after)."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    decomposed = unicodedata.normalize("NFKD", decomposed)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def create_test_clients(apps, schema_editor):
    Firm = apps.get_model("firms", "Firm")
    User = apps.get_model("firms", "User")
    PortalSettings = apps.get_model("portal", "PortalSettings")
    clients = {
        name: apps.get_model("clients", name)
        for name in ("ClientAccount", "Contact", "ContactEmail", "AccountContact", "EmailSwitches")
    }
    PortalIdentity = apps.get_model("portal", "PortalIdentity")
    for firm in Firm.objects.all():
        settings, _created = PortalSettings.objects.get_or_create(firm=firm)
        if settings.test_account_id:
            continue
        with translation.override(firm.language):
            name, first, last = _("Test client"), _("Test"), _("Client")
        account = clients["ClientAccount"].objects.create(
            firm=firm, name=name, name_key=fold(name), kind="other", search_text=fold(name)
        )
        contact = clients["Contact"].objects.create(
            firm=firm, first_name=first, last_name=last, language=firm.language
        )
        address = f"test-client-{firm.pk}@portico.invalid"
        email = clients["ContactEmail"].objects.create(
            contact=contact, email=address, is_primary=True
        )
        link = clients["AccountContact"].objects.create(account=account, contact=contact)
        clients["EmailSwitches"].objects.create(link=link, email=email, login=True)
        user = User.objects.create(
            email=address, full_name=f"{first} {last}", password=make_password(None)
        )
        PortalIdentity.objects.create(user=user, email=email)
        settings.test_account = account
        settings.save(update_fields=["test_account"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(create_test_clients, migrations.RunPython.noop)]

"""The Clients page's sort by latest portal login and its Never connected filter (C-5),
registered in apps.py. Both read the foundation's sort-index column ClientAccount.sort_last_login,
which the triggers here keep equal to PortalActivity.last_login (clients/sort_keys.py says why a
copy on the account: an index serves a sorted page); portal 0004 carries their SQL."""

from django.db.models import F, Q

from portico.clients import sort_keys

MIRROR = sort_keys.Mirror("portal_portalactivity", "last_login", "sort_last_login")
# Latest portal login first, never connected last.
ORDERING = (F("sort_last_login").desc(nulls_last=True), "name_key", "pk")
NEVER_CONNECTED = Q(sort_last_login__isnull=True)

# What manage.py triggersql and tests/test_migrations.py read of this module.
definitions, install, uninstall = MIRROR.definitions, MIRROR.install, MIRROR.uninstall

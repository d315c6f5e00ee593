"""The Clients page's sort by most missing receipts and its Missing receipts filter (C-4, C-5),
registered in apps.py. Both read the foundation's sort-index column
ClientAccount.sort_missing_receipts, which the triggers here keep equal to
ExpenseSummary.missing_receipts (clients/sort_keys.py says why a copy on the account: an index
serves a sorted page); expenses 0002 carries their SQL."""

from django.db.models import F, Q

from portico.clients import sort_keys

MIRROR = sort_keys.Mirror("expenses_expensesummary", "missing_receipts", "sort_missing_receipts")
# Most missing receipts first, clients without expenses last.
ORDERING = (F("sort_missing_receipts").desc(nulls_last=True), "name_key", "pk")
MISSING = Q(sort_missing_receipts__gt=0)

# What manage.py triggersql and tests/test_migrations.py read of this module.
definitions, install, uninstall = MIRROR.definitions, MIRROR.install, MIRROR.uninstall

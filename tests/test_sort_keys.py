"""The sort keys the database keeps on ClientAccount (clients/sort_keys.py) always equal the
ExpenseSummary and PortalActivity rows they copy, whatever wrote them, and saving an account
never writes back a stale copy."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from portico.clients import listing
from portico.clients.models import ClientAccount
from portico.expenses.models import ExpenseSummary
from portico.portal.models import PortalActivity
from tests import factories as f

pytestmark = pytest.mark.django_db


def keys(account):
    return tuple(
        ClientAccount.objects.filter(pk=account.pk)
        .values_list("sort_missing_receipts", "sort_last_login")
        .get()
    )


def test_a_summary_and_a_login_are_copied_onto_the_account_and_cleared_with_them():
    account = f.AccountFactory()
    assert keys(account) == (None, None)
    summary = f.ExpenseSummaryFactory(account=account, missing_receipts=4)
    seen = timezone.now() - timedelta(days=2)
    activity = f.PortalActivityFactory(account=account, last_login=seen)
    assert keys(account) == (4, seen)
    summary.missing_receipts = 1
    summary.save()
    activity.last_login = seen + timedelta(days=1)
    activity.save()
    assert keys(account) == (1, seen + timedelta(days=1))
    summary.delete()
    activity.delete()
    assert keys(account) == (None, None)


def test_bulk_inserts_and_queryset_updates_are_copied_row_by_row():
    accounts = f.AccountFactory.create_batch(3)
    ExpenseSummary.objects.bulk_create(
        ExpenseSummary(account=a, firm=a.firm, missing_receipts=n) for n, a in enumerate(accounts)
    )
    assert [keys(a)[0] for a in accounts] == [0, 1, 2]
    ExpenseSummary.objects.filter(account__in=accounts[1:]).update(missing_receipts=7)
    assert [keys(a)[0] for a in accounts] == [0, 7, 7]
    ExpenseSummary.objects.filter(account=accounts[0]).delete()
    assert [keys(a)[0] for a in accounts] == [None, 7, 7]


def test_saving_an_account_loaded_before_the_key_changed_keeps_the_new_key():
    account = f.AccountFactory()
    loaded = ClientAccount.objects.get(pk=account.pk)
    f.ExpenseSummaryFactory(account=account, missing_receipts=5)
    loaded.name = "Renamed SL"
    loaded.save()
    assert keys(account) == (5, None)
    assert ClientAccount.objects.get(pk=account.pk).name_key == "renamed sl"


def test_deleting_an_account_with_its_rows_works():
    account = f.AccountFactory()
    f.ExpenseSummaryFactory(account=account, missing_receipts=2)
    f.PortalActivityFactory(account=account)
    account.delete()
    assert not ClientAccount.objects.filter(pk=account.pk).exists()
    assert not PortalActivity.objects.exists()


def test_the_sorts_read_the_index_of_their_key(personas):
    """The keys exist to be read in index order: a page sorted by them must not sort the firm
    (on PostgreSQL, with these few rows, only when told that scanning and sorting cost most)."""
    postgres = connection.vendor == "postgresql"
    for sort in ("-missing", "-login"):
        accounts = listing.tab_accounts(personas.owner, "all").order_by(*listing.sorts()[sort])
        sql, params = accounts.values("pk")[:51].query.sql_with_params()
        with connection.cursor() as cursor:
            if postgres:
                cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off")
            cursor.execute(("EXPLAIN " if postgres else "EXPLAIN QUERY PLAN ") + sql, params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        key = ["sort_missing_receipts", "sort_last_login"][sort == "-login"]
        assert f"account_list_{key}" in plan
        assert "TEMP B-TREE" not in plan and "Sort Key" not in plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite names a covering index")
def test_the_all_tab_reads_its_ids_from_the_index_alone(personas):
    """All leaves archived accounts out (`onboarding <> 'archived'`): every sort's index holds
    the step, so a page's ids never cost a lookup of their rows, however deep (clients 0017;
    before it, a middle page of dataset M took 65 ms of SQL, after 4 ms)."""
    for sort in listing.sorts():
        accounts = listing.tab_accounts(personas.owner, "all").order_by(*listing.sorts()[sort])
        sql, params = accounts.values("pk")[500:551].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "archived" in params and "COVERING INDEX account_list_" in plan, (sort, plan)

"""Queries compiled once per process (core/compiled.py) answer what the ORM answers, values and
their types included, for any ids, and the tab counts follow a member's rights."""

from decimal import Decimal

import pytest

from portico.clients import listing, rows
from portico.core import compiled
from portico.firms.models import Member
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_rows_come_back_as_the_orm_converts_them(personas):
    f.ExpenseSummaryFactory(
        account=personas.account,
        missing_receipts=3,
        has_wallet=True,
        wallet_balance=Decimal("1520.40"),
        wallet_currency="EUR",
    )
    f.PortalActivityFactory(account=personas.account)
    f.EmailSwitchesFactory(link__account=personas.account, login=True)
    ids = [personas.account.pk, personas.other_account.pk]

    def build(ids):
        return rows._accounts(personas.firm.pk, ids, rows.column_values()).order_by("pk")

    got = compiled.values(("test rows",), build, ids)
    expected = list(build(ids))
    assert got == expected
    assert [[type(v) for v in row.values()] for row in got] == [
        [type(v) for v in row.values()] for row in expected
    ]
    assert got[0]["active"] is True and got[0]["wallet_balance"] == Decimal("1520.40")


def test_the_same_compiled_query_reads_other_ids():
    firm = f.FirmFactory()
    ours, foreign = f.AccountFactory.create_batch(3, firm=firm), f.AccountFactory()

    def build(ids):
        return rows._accounts(firm.pk, ids, {}).order_by("pk").values("pk")

    first = compiled.values(("test ids",), build, [ours[0].pk, ours[1].pk])
    assert [row["pk"] for row in first] == [ours[0].pk, ours[1].pk]
    other = compiled.values(("test ids",), build, [ours[2].pk, foreign.pk])
    assert [row["pk"] for row in other] == [ours[2].pk]
    assert compiled.values(("test ids",), build, []) == []


def test_tab_counts_follow_a_change_of_rights(personas):
    member = personas.accountant
    assert "all" not in listing.tab_counts(member)
    member.can_see_all_accounts = True
    member.save()
    member = Member.objects.get(pk=member.pk)
    counts = listing.tab_counts(member)
    assert counts["all"] == listing.totals(member, listing.counts_query(member)[0])["all"] > 0


def test_every_persona_gets_the_counts_of_their_own_rights(personas):
    """The compiled tab counts are kept per member signature: each persona, whatever was
    compiled for another before, gets what the ORM answers for them."""
    f.TeamMembershipFactory(account=personas.other_account, member=personas.outsider)
    members = [personas.owner, personas.admin, personas.accountant, personas.see_all]
    members += [personas.outsider, personas.manager, personas.foreign_owner]
    for member in members:
        assert listing.tab_counts(member) == listing.totals(member, listing.counts_query(member)[0])

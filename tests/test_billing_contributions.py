"""What billing registers (core.registry): the profile's tabs and ACTIONS for who may bill, the
Overview card and workspace section of unpaid invoices, the digest's overdue invoices, and
its History verbs."""

from datetime import UTC, date, datetime, timedelta

from django.template.loader import render_to_string

from portico.billing import contributions
from portico.billing.models import Verb
from portico.core.registry import (
    DigestSection,
    HistoryVerb,
    OverviewCard,
    ProfileAction,
    ProfileTab,
    WorkspaceSection,
    registry,
)
from tests.billing_setup import (
    billing_media,  # noqa: F401  (autouse)
    issued,
    line,
    pay,
)

NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


def keys(kind, member):
    return [i.key for i in registry.for_member(kind, member) if i.key in KEYS[kind]]


KEYS = {
    ProfileTab: {"payments", "invoices", "estimates"},
    ProfileAction: {"create_invoice", "create_estimate", "record_payment"},
    OverviewCard: {"unpaid_invoices"},
    WorkspaceSection: {"unpaid_invoices"},
}


def test_tabs_actions_card_and_section_only_for_who_may_bill(personas):
    for member in (personas.owner, personas.admin):
        assert keys(ProfileTab, member) == ["payments", "invoices", "estimates"]
        assert keys(ProfileAction, member) == [
            "create_invoice",
            "create_estimate",
            "record_payment",
        ]
        assert keys(OverviewCard, member) == ["unpaid_invoices"]
        assert keys(WorkspaceSection, member) == ["unpaid_invoices"]
    for member in (personas.accountant, personas.see_all, personas.manager):
        for kind in KEYS:
            assert keys(kind, member) == []
    assert registry.get(DigestSection, "overdue_invoices") is not None
    assert {v.value for v in Verb} <= {v.key for v in registry.all(HistoryVerb)}


def test_the_unpaid_invoices_card(personas):
    owner, account = personas.owner, personas.account
    late = issued(owner, account, line(1, 100), issued=date(2020, 1, 2), due=date(2020, 2, 1))
    partly = issued(owner, account, line(1, 200))
    pay(owner, account, "42", partly)
    paid = issued(owner, account, line(1, 10))
    pay(owner, account, "12.10", paid)
    items = contributions.unpaid_invoices(owner, account)
    assert [i.number for i in items] == [late.number, partly.number]
    assert [i.shown for i in items] == ["overdue", "partial"]
    html = render_to_string("billing/_unpaid_card.html", {"items": items, "account": account})
    assert late.number in html and "€200.00" in html  # what is left to pay of 242.00
    assert contributions.unpaid_invoices(personas.accountant, account) == []


def test_the_digest_tells_overdue_invoices_of_subscribed_accounts(personas):
    owner = personas.owner
    late = issued(
        owner, personas.account, line(1, 100), issued=date(2026, 10, 1), due=date(2026, 10, 31)
    )
    issued(
        owner,
        personas.other_account,
        line(1, 100),
        issued=date(2026, 10, 1),
        due=date(2026, 10, 31),
    )
    issued(owner, personas.account, line(1, 100), due=NOW.date() + timedelta(days=3))
    data = contributions.overdue_invoices(owner, [personas.account], NOW)
    assert [(d["number"], d["client"], d["due"]) for d in data] == [
        (late.number, "Panadería Núñez SL", late.total)
    ]
    assert data[0]["url"].endswith(f"/invoices/{late.pk}/")
    assert contributions.overdue_invoices(personas.accountant, [personas.account], NOW) is None
    assert (
        contributions.overdue_invoices(owner, [personas.other_account], NOW - timedelta(60)) is None
    )
    text = render_to_string("billing/digest/overdue_invoices.txt", {"data": data})
    assert late.number in text

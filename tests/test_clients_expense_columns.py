"""The Clients page's expense columns, the *missing receipts* filter and sort (C-2, C-5), read
from ExpenseSummary: no count over expenses, a constant number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    AccountFactory,
    EmailSwitchesFactory,
    ExpenseSummaryFactory,
    TagFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("clients:list")


def names_on(response):
    return [row.name for row in response.context["page"]]


@pytest.fixture
def spread(personas):
    """Three clients with expenses (one with a wallet), one without any."""
    ExpenseSummaryFactory(
        account=personas.account,
        missing_receipts=3,
        ready_to_export=2,
        has_wallet=True,
        wallet_balance=Decimal("1520.40"),
        wallet_currency="EUR",
    )
    ExpenseSummaryFactory(account=personas.other_account, missing_receipts=0, ready_to_export=5)
    ExpenseSummaryFactory(
        account=AccountFactory(firm=personas.firm, name="Zapatería Zubiri"), missing_receipts=9
    )
    AccountFactory(firm=personas.firm, name="Academia Álamo")
    return personas


def shown(response):
    """The keys of the apps' columns (core.registry.ClientsColumn) the page shows."""
    return [column.key for column in response.context["columns"]]


def test_rows_show_missing_receipts_wallet_and_ready_to_export(client_for, spread):
    response = client_for(spread.owner, "es").get(LIST)
    html = response.content.decode()
    assert shown(response) == ["missing_receipts", "wallet_balance", "ready_to_export"]
    for header in ("Recibos faltantes", "Saldo de la cartera", "Gastos listos para exportar"):
        assert header in html
    assert "1.520,40\xa0€" in html  # core.numbers.format_money: Spanish groups with a dot
    page = response.context["page"]
    rows = {r.name: (r.extra["missing_receipts"], r.extra["ready_to_export"]) for r in page}
    assert rows == {
        "Academia Álamo": (None, None),
        "Panadería Núñez SL": (3, 2),
        "Talleres Ibáñez": (0, 5),
        "Zapatería Zubiri": (9, 0),
    }


def test_no_expense_columns_where_there_is_no_expense_data(client_for, personas):
    response = client_for(personas.owner, "es").get(LIST)
    assert shown(response) == []
    assert "Recibos faltantes</th>" not in response.content.decode()


def test_missing_receipts_filter_hides_clients_with_none(client_for, spread):
    response = client_for(spread.owner).get(LIST, {"missing": "1"})
    assert names_on(response) == ["Panadería Núñez SL", "Zapatería Zubiri"]
    assert response.context["page"].paginator.count == 2


def test_sort_by_missing_receipts_over_all_clients(client_for, spread):
    response = client_for(spread.owner).get(LIST, {"sort": "-missing", "size": 25})
    assert names_on(response) == [
        "Zapatería Zubiri",
        "Panadería Núñez SL",
        "Talleres Ibáñez",
        "Academia Álamo",
    ]
    page_two = client_for(spread.owner).get(LIST, {"sort": "-missing", "size": 25, "page": 2})
    assert names_on(page_two) == names_on(response)  # one page only: the last page again


def test_the_filter_keeps_tenancy(client_for, spread):
    ExpenseSummaryFactory(account=spread.foreign_account, missing_receipts=4)
    response = client_for(spread.accountant).get(LIST, {"missing": "1"})
    assert names_on(response) == ["Panadería Núñez SL"]
    response = client_for(spread.foreign_owner).get(LIST, {"missing": "1"})
    assert names_on(response) == ["Boulangerie Dupré"]


def test_notify_accountants_is_in_the_row_menu_of_owners_and_admins_only(client_for, personas):
    url = reverse("notifications:notify", args=[personas.account.pk])
    for who in ("owner", "admin"):
        html = client_for(getattr(personas, who), "es").get(LIST).content.decode()
        assert "Notificar a los contables" in html and url in html
    for who in ("manager", "see_all", "accountant"):
        html = client_for(getattr(personas, who), "es").get(LIST).content.decode()
        assert "Notificar a los contables" not in html


def add_accounts(personas, count):
    for n in range(count):
        account = AccountFactory(firm=personas.firm)
        account.tags.add(TagFactory(firm=personas.firm))
        TeamMembershipFactory(account=account, member=personas.accountant)
        EmailSwitchesFactory(link__account=account, login=True)
        ExpenseSummaryFactory(
            account=account, missing_receipts=n % 4, has_wallet=n % 2 == 0, wallet_currency="EUR"
        )


def queries_for(client, params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["owner", "accountant"])
@pytest.mark.parametrize("params", [{}, {"missing": "1"}, {"sort": "-missing", "q": "a"}])
def test_query_count_with_expense_columns_stays_small_and_constant(
    client_for, personas, who, params
):
    client = client_for(getattr(personas, who))
    add_accounts(personas, 2)
    few = queries_for(client, params)
    add_accounts(personas, 40)
    assert queries_for(client, params) == few
    assert few <= 10

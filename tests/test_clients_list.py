import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AccountFactory, TagFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db
LIST = reverse("clients:list")


def names_on(response):
    return {row.name for row in response.context["page"]}


def test_owner_admin_and_see_all_see_every_account_of_their_firm(client_for, personas):
    expected = {personas.account.name, personas.other_account.name}
    for member in (personas.owner, personas.admin, personas.see_all):
        assert names_on(client_for(member).get(LIST)) == expected


def test_accountant_sees_only_accounts_whose_team_they_are_on(client_for, personas):
    assert names_on(client_for(personas.accountant).get(LIST)) == {personas.account.name}
    assert names_on(client_for(personas.outsider).get(LIST)) == set()


def test_another_firms_owner_sees_none_of_them(client_for, personas):
    assert names_on(client_for(personas.foreign_owner).get(LIST)) == {personas.foreign_account.name}


def test_rows_show_type_tags_and_team(client_for, personas):
    tag = TagFactory(firm=personas.firm, name="IVA trimestral")
    personas.account.tags.add(tag)
    html = client_for(personas.owner, "es").get(LIST).content.decode()
    assert "Panadería Núñez SL" in html
    assert "IVA trimestral" in html
    assert "Empresa" in html
    assert personas.accountant.initials in html


def test_list_is_paged_and_the_page_size_is_choosable(client_for, personas):
    for i in range(60):
        AccountFactory(firm=personas.firm, name=f"Cliente {i:02}")
    client = client_for(personas.owner)
    assert len(client.get(LIST).context["page"]) == 50
    assert len(client.get(LIST, {"size": 25}).context["page"]) == 25
    assert len(client.get(LIST, {"size": 50, "page": 2}).context["page"]) == 12
    assert len(client.get(LIST, {"size": "9999", "page": "zz"}).context["page"]) == 50


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_accounts(personas, count):
    for _ in range(count):
        account = AccountFactory(firm=personas.firm)
        account.tags.add(TagFactory(firm=personas.firm))
        TeamMembershipFactory(account=account, member=personas.accountant)


@pytest.mark.parametrize("who", ["owner", "accountant"])
def test_query_count_does_not_grow_with_accounts(client_for, personas, who):
    client = client_for(getattr(personas, who))
    add_accounts(personas, 2)
    few = queries_for(client, LIST)
    add_accounts(personas, 40)
    assert queries_for(client, LIST) == few
    assert few <= 10

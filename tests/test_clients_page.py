import json
import re
from dataclasses import replace

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portico.clients import listing, page_actions, search
from portico.clients.models import ClientAccount, ConnectionRequest, TeamMembership
from portico.clients.queries import visible_accounts
from portico.core.locking import AlreadyDone
from portico.core.models import HistoryEvent
from portico.core.text import fold
from tests.factories import (
    AccountContactFactory,
    AccountFactory,
    ContactEmailFactory,
    EmailSwitchesFactory,
    TagFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("clients:list")
BULK = reverse("clients:bulk")


def names_on(response):
    return [row.name for row in response.context["page"]]


def tabs_of(response):
    return response.context["tabs"]


def onboarding_account(personas, **kwargs):
    return AccountFactory(
        firm=personas.firm, onboarding=ClientAccount.Onboarding.VERIFICATION, **kwargs
    )


def connection_request(firm, **kwargs):
    return ConnectionRequest.objects.create(
        firm=firm,
        client_name=kwargs.pop("client_name", "Ferretería Muñoz SL"),
        contact_first_name="Rocío",
        contact_last_name="Muñoz",
        contact_email="rocio@example.es",
        access=ConnectionRequest.Access.EXTENDED,
        **kwargs,
    )


# --- Tabs (C-1) ---------------------------------------------------------------------------


def test_owner_sees_my_clients_and_all_when_nothing_is_pending(client_for, personas):
    response = client_for(personas.owner).get(LIST)
    assert tabs_of(response) == ["mine", "all"]
    assert response.context["filters"].tab == "all"
    assert set(names_on(response)) == {personas.account.name, personas.other_account.name}


def test_owner_and_admin_see_four_tabs_with_counts_when_some_are_pending(client_for, personas):
    onboarding_account(personas, name="Bodegas Peñín")
    connection_request(personas.firm)
    for manager in (personas.owner, personas.admin):
        response = client_for(manager, "es").get(LIST)
        assert tabs_of(response) == ["invitations", "onboarding", "mine", "all"]
        assert response.context["counts"] == {
            "all": 3,  # All means all: the onboarding account too
            "mine": 0,
            "onboarding": 1,
            "invitations": 1,
            "pending": 0,
            "archived": 0,
        }
        html = response.content.decode()
        for label in ("Invitaciones", "Incorporación", "Mis clientes", "Todos"):
            assert label in html


def test_accountant_sees_onboarding_of_their_clients_and_my_clients_only(client_for, personas):
    onboarding_account(personas, name="Bodegas Peñín")  # not on their team
    response = client_for(personas.accountant).get(LIST, {"tab": "all"})
    assert tabs_of(response) == ["mine"]
    assert response.context["filters"].tab == "mine"
    assert names_on(response) == [personas.account.name]
    mine = onboarding_account(personas, name="Quesería Ávila")
    TeamMembershipFactory(account=mine, member=personas.accountant)
    response = client_for(personas.accountant, "es").get(LIST, {"tab": "onboarding"})
    assert tabs_of(response) == ["onboarding", "mine"]
    assert names_on(response) == ["Quesería Ávila"]
    assert "Verificación" in response.content.decode()


def test_all_and_my_clients_include_accounts_still_onboarding(client_for, personas):
    """Issue 14, item 10: searching "Garage Dubois" in Todos found nothing while it was in
    Onboarding. All lists every account of the firm, My clients every account of my team,
    whatever their step; the counts say the same, the test client (A-11) in none."""
    garage = onboarding_account(personas, name="Garage Dubois")
    TeamMembershipFactory(account=garage, member=personas.see_all)
    AccountFactory(firm=personas.firm, name="Bodegas Peñín", onboarding="invited")
    client = client_for(personas.see_all, "es")
    found = client.get(LIST, {"tab": "all", "q": "garage dubois"})
    assert names_on(found) == ["Garage Dubois"]
    every = client.get(LIST, {"tab": "all"})
    assert set(names_on(every)) == {
        "Garage Dubois",
        "Bodegas Peñín",
        personas.account.name,
        personas.other_account.name,
    }
    assert every.context["counts"]["all"] == 4
    mine = client.get(LIST, {"tab": "mine"})
    assert names_on(mine) == ["Garage Dubois"]
    assert mine.context["counts"]["mine"] == 1
    html = every.content.decode()
    assert "1–4 de 4 clientes" in html
    # an accountant's My clients: their team's accounts, onboarding or not
    TeamMembershipFactory(account=garage, member=personas.accountant)
    accountant = client_for(personas.accountant).get(LIST, {"tab": "mine"})
    assert names_on(accountant) == ["Garage Dubois", personas.account.name]
    assert accountant.context["counts"]["mine"] == 2


def test_the_test_client_is_in_no_tab_whatever_its_step(client_for, personas):
    from portico.portal.actions import ensure_test_client

    test_account = ensure_test_client(personas.firm)
    for step in ("active", "invited"):
        ClientAccount.objects.filter(pk=test_account.pk).update(onboarding=step)
        TeamMembershipFactory(account=test_account, member=personas.owner)
        response = client_for(personas.owner).get(LIST, {"tab": "all"})
        assert response.context["counts"]["all"] == 2
        assert response.context["counts"]["mine"] == 0
        assert test_account.name not in names_on(response)
        TeamMembership.objects.filter(account=test_account).delete()


def test_the_tab_counts_count_each_set_of_onboarding_accounts_once(client_for, personas):
    """The counts of All, My clients and Onboarding share their onboarding accounts' counts: an
    accountant's page read the team's memberships for each tab (and twice in each)."""
    mine = onboarding_account(personas, name="Garage Dubois")
    TeamMembershipFactory(account=mine, member=personas.accountant)
    TeamMembershipFactory(account=mine, member=personas.see_all)
    onboarding_account(personas, name="Bodegas Peñín")
    expected = {
        personas.owner: {"all": 4, "mine": 0, "onboarding": 2},
        personas.see_all: {"all": 4, "mine": 1, "onboarding": 1},
        personas.accountant: {"mine": 2, "onboarding": 1},
    }
    for member, counts in expected.items():
        with CaptureQueriesContext(connection) as queries:
            found = listing.tab_counts(member)
        assert {tab: found.get(tab) for tab in counts} == counts
        assert "all" in found or "all" not in counts
        teams = queries[0]["sql"].count('"clients_teammembership"')
        # the test client's and the onboarding accounts' team check (and the archived ones'
        # visibility for the accountant): 3 and 6 for these two before
        assert teams == {personas.owner: 2, personas.see_all: 2, personas.accountant: 3}[member]


def test_see_all_accountant_also_has_the_all_tab(client_for, personas):
    response = client_for(personas.see_all).get(LIST, {"tab": "all"})
    assert tabs_of(response) == ["mine", "all"]
    assert len(names_on(response)) == 2


def test_invitations_tab_is_for_owners_and_admins(client_for, personas):
    connection_request(personas.firm)
    response = client_for(personas.manager).get(LIST, {"tab": "invitations"})
    assert "invitations" not in tabs_of(response)
    assert "Ferretería" not in response.content.decode()


def test_another_firm_sees_none_of_it(client_for, personas):
    connection_request(personas.firm)
    response = client_for(personas.foreign_owner).get(LIST)
    assert names_on(response) == [personas.foreign_account.name]
    assert "invitations" not in tabs_of(response)


def test_a_client_user_gets_404(client_for, personas):
    assert client_for(personas.client_user).get(LIST).status_code == 404


# --- Rows (C-2, C-3, C-7) ---------------------------------------------------------------------


def test_rows_show_type_tags_team_status_and_the_row_menu(client_for, personas):
    personas.account.tags.add(TagFactory(firm=personas.firm, name="IVA trimestral"))
    html = client_for(personas.owner, "es").get(LIST).content.decode()
    row = next(r for r in html.split('data-testid="client-row"')[1:] if "Panadería Núñez SL" in r)
    row = row.split("</tr>")[0]
    assert ">IVA trimestral</span>" in row
    assert "<td>Empresa</td>" in row
    assert f'title="Ana Martín">{personas.accountant.initials}</span>' in row
    assert 'aria-label="Seleccionar Panadería Núñez SL"' in row
    assert "Ir al cliente" in row and "Ver detalles" in row and "Notificar a los contables" in row
    assert f'href="{reverse("clients:workspace", args=[personas.account.pk])}"' in row
    assert f'href="{reverse("clients:info", args=[personas.account.pk])}"' in row
    assert f'href="{reverse("notifications:notify", args=[personas.account.pk])}"' in row


# The seeds' own words for what the Clients page shows (000 and 002 in Spanish, 001 in French):
# tabs, the search box, More filters and its Last login filter, Sort by name, the row menu, More
# actions' Edit login, notify, email sync with its switches, and the status legend. Where a seed's
# wording is broken ("Última Iniciar Sesión") the UI uses its terms in correct grammar.
SEED_WORDS = {
    "es": {
        "tabs": {"mine": "Mis clientes", "all": "Todos"},
        "labels": [
            "Buscar clientes",
            "Más filtros",
            "Recibos faltantes",
            ">Último inicio de sesión</label>",  # seed 002: "Última Iniciar Sesión"
            '<option value="never">Sin conexión</option>',  # seed 002: "elija Sin conexión"
            "Ordenar por nombre",
            "Ir al cliente",
            "Ver detalles",
            "Notificar a los contables",
            "Más acciones",
            "Editar Iniciar Sesión, notificar, sincronizar correo electrónico",
            "Activar para todos los contactos",
            "Enviar invitaciones",
            "Activo",
            "Desconectado",
        ],
        "never": "Sin conexión",
    },
    "fr": {
        "tabs": {"mine": "Mes clients", "all": "Tout"},  # seed 001: "Tout : la liste complète"
        "labels": [
            "Rechercher des clients",
            "Autres filtres",
            "Reçus manquants",
            "Trier par nom",
            "Aller vers le client",
            "Afficher les détails",
            "Notifier les comptables",
        ],
        "never": "Jamais connecté",
    },
}


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_clients_page_uses_the_seeds_words(client_for, personas, language):
    words = SEED_WORDS[language]
    html = client_for(personas.owner, language).get(LIST, {"tab": "all"}).content.decode()
    for tab, label in words["tabs"].items():
        assert re.search(rf'data-testid="tab-{tab}">\s*{label}\s*<', html), (tab, label)
    for label in words["labels"]:
        assert label in html, label
    cells = re.findall(r'data-testid="last-login">(.*?)</td>', html)
    assert cells and all(words["never"] in cell for cell in cells)  # nobody has logged in


def test_rows_escape_what_users_typed(client_for, personas):
    account = AccountFactory(firm=personas.firm, name='O\'Brien & <b>Hijos</b> "SL"')
    account.tags.add(TagFactory(firm=personas.firm, name="<i>VIP</i>", colour='red"'))
    html = client_for(personas.owner).get(LIST, {"tab": "all"}).content.decode()
    assert "O&#x27;Brien &amp; &lt;b&gt;Hijos&lt;/b&gt; &quot;SL&quot;</a>" in html
    assert 'aria-label="Select O&#x27;Brien &amp; &lt;b&gt;Hijos&lt;/b&gt; &quot;SL&quot;"' in html
    assert 'data-tag-colour="red&quot;">&lt;i&gt;VIP&lt;/i&gt;</span>' in html
    assert "<b>Hijos" not in html and "<i>VIP" not in html


def test_status_is_green_when_a_contact_email_has_login_on(client_for, personas):
    EmailSwitchesFactory(link__account=personas.account, login=True)
    EmailSwitchesFactory(link__account=personas.other_account, login=False, notify=True)
    rows = {row.name: row.active for row in client_for(personas.owner).get(LIST).context["page"]}
    assert rows == {personas.account.name: True, personas.other_account.name: False}


# --- Search (C-4), filters and sort (C-5), paging (C-6) ------------------------------------


def searchable(personas, name, contact_name=("José", "Pérez"), email="jose.perez@example.es"):
    from portico.clients import actions

    account = actions.create_account(member=personas.owner, name=name, kind="company")
    contact = actions.create_contact(
        member=personas.owner, first_name=contact_name[0], last_name=contact_name[1], emails=[email]
    )
    actions.link_contact(member=personas.owner, account=account, contact=contact)
    return account


@pytest.mark.parametrize(
    "query",
    ["jose", "JOSÉ", "pérez", "perez@exa", "EXAMPLE.ES", "ferreteria", "ferre jose", "Muñoz"],
)
def test_search_matches_name_contact_names_and_any_part_of_an_email(client_for, personas, query):
    searchable(personas, "Ferretería Muñoz")
    searchable(personas, "Talleres Ruiz", ("Chloé", "Dubois"), "chloe@example.fr")
    response = client_for(personas.owner).get(LIST, {"q": query})
    assert names_on(response) == ["Ferretería Muñoz"]


def test_search_stays_within_what_the_member_may_see(client_for, personas):
    account = searchable(personas, "Ferretería Muñoz")
    assert names_on(client_for(personas.outsider).get(LIST, {"q": "ferre"})) == []
    TeamMembershipFactory(account=account, member=personas.outsider)
    assert names_on(client_for(personas.outsider).get(LIST, {"q": "ferre"})) == ["Ferretería Muñoz"]


def test_filters_by_type_tag_team_member_and_status(client_for, personas):
    person = AccountFactory(firm=personas.firm, name="Íñigo Ruiz", kind="individual")
    tag = TagFactory(firm=personas.firm)
    person.tags.add(tag)
    EmailSwitchesFactory(link__account=person, login=True)
    client = client_for(personas.owner)
    assert names_on(client.get(LIST, {"kind": "individual"})) == ["Íñigo Ruiz"]
    assert names_on(client.get(LIST, {"tag": tag.pk})) == ["Íñigo Ruiz"]
    assert names_on(client.get(LIST, {"member": personas.accountant.pk})) == [personas.account.name]
    assert names_on(client.get(LIST, {"status": "active"})) == ["Íñigo Ruiz"]
    assert "Íñigo Ruiz" not in names_on(client.get(LIST, {"status": "disconnected"}))
    both = client.get(LIST, {"kind": ["individual", "company"], "sort": "name"})
    assert len(names_on(both)) == 3


def test_sort_by_name_ignores_accents_and_flips(client_for, personas):
    AccountFactory(firm=personas.firm, name="Álvarez Hermanos")
    client = client_for(personas.owner)
    ascending = names_on(client.get(LIST, {"sort": "name"}))
    assert ascending == ["Álvarez Hermanos", "Panadería Núñez SL", "Talleres Ibáñez"]
    assert names_on(client.get(LIST, {"sort": "-name"})) == ascending[::-1]
    newest = names_on(client.get(LIST, {"sort": "-created"}))
    assert newest[0] == "Álvarez Hermanos"


def test_the_filter_selects_show_what_the_url_asks_for(client_for, personas):
    TagFactory(firm=personas.firm, name="<b>Urgente</b>")
    params = {"tab": "all", "sort": "-created", "status": "active", "login": "never"}
    html = client_for(personas.owner).get(LIST, {**params, "member": personas.accountant.pk})
    html = html.content.decode()
    for value in ("-created", personas.accountant.pk, "active", "never"):
        assert f'<option value="{value}" selected>' in html
    assert html.count(" selected>") == 4
    assert ">&lt;b&gt;Urgente&lt;/b&gt;</option>" in html and "<b>Urgente" not in html


def test_unknown_url_values_fall_back_to_defaults(client_for, personas):
    response = client_for(personas.owner).get(
        LIST,
        {"tab": "nope", "sort": "evil", "kind": "alien", "tag": "x", "member": "9999", "size": "7"},
    )
    assert response.status_code == 200
    assert response.context["filters"].tab == "all"


def test_paging_with_a_choosable_size(client_for, personas):
    for i in range(60):
        AccountFactory(firm=personas.firm, name=f"Cliente {i:02}")
    client = client_for(personas.owner)
    assert len(names_on(client.get(LIST))) == 50
    assert len(names_on(client.get(LIST, {"size": 25}))) == 25
    assert len(names_on(client.get(LIST, {"size": 50, "page": 2}))) == 12
    assert len(names_on(client.get(LIST, {"size": "9999", "page": "zz"}))) == 50
    assert len(names_on(client.get(LIST, {"q": "cliente", "page": 2}))) == 10


PAGE_IDS = 'SELECT "clients_clientaccount"."id" AS "pk" FROM'


@pytest.mark.parametrize("sort", ["name", "-name", "-missing", "-login"])
def test_pages_past_the_middle_read_the_list_backwards_and_show_the_same_rows(
    client_for, personas, sort
):
    for i in range(64):
        AccountFactory(firm=personas.firm, name=f"Cliente {i:02}")
    client = client_for(personas.owner)
    everything = names_on(client.get(LIST, {"tab": "all", "sort": sort, "size": 100}))
    pages, backwards = [], []
    for number in (1, 2, 3):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(LIST, {"tab": "all", "sort": sort, "size": 25, "page": number})
        pages += names_on(response)
        assert response.context["page"].has_next() == (number < 3)
        ids_sql = next(q["sql"] for q in captured if q["sql"].startswith(PAGE_IDS))
        first_key = ids_sql.split("ORDER BY")[1].split(",")[0]
        backwards.append(("DESC" in first_key) != sort.startswith("-"))
    assert pages == everything and len(everything) == 66
    assert backwards == [False, False, True]  # page 3 starts past row 33 of 66


def test_a_broad_search_counts_up_to_the_limit_and_pages_on_past_it(
    client_for, personas, monkeypatch
):
    monkeypatch.setattr(listing, "COUNT_LIMIT", 30)
    for i in range(70):
        AccountFactory(firm=personas.firm, name=f"Cliente {i:02}")
    client = client_for(personas.owner, "es")
    first = client.get(LIST, {"q": "cliente", "size": 25})
    assert "1–25 de más de 30 clientes" in first.content.decode()
    assert first.context["page"].has_next()
    third = client.get(LIST, {"q": "cliente", "size": 25, "page": 3})
    assert names_on(third) == [f"Cliente {i:02}" for i in range(50, 70)]
    assert "Página 3<" in third.content.decode() and not third.context["page"].has_next()
    past_the_end = client.get(LIST, {"q": "cliente", "size": 25, "page": 9})
    assert past_the_end.context["page"].number == 2  # the last page the count knows of
    narrow = client.get(LIST, {"q": "cliente 6", "size": 25})
    assert "1–16 de 16 clientes" in narrow.content.decode()
    unfiltered = client.get(LIST, {"tab": "all", "size": 25})  # the tab's tally: counted
    total = unfiltered.context["counts"]["all"]
    assert total > 70 and f"1–25 de {total} clientes" in unfiltered.content.decode()


def test_a_short_list_pages_through_the_ids_it_counted_in_every_sort(client_for, personas):
    """A list of at most COUNT_LIMIT matches is counted from its ids, and its pages sort just
    those: in every sort order the rows are the filtered list's, in its order."""
    tag = TagFactory(firm=personas.firm)
    for i in range(30):
        account = AccountFactory(firm=personas.firm, name=f"Cliente {i * 7 % 30:02}")
        account.tags.add(tag)
    AccountFactory(firm=personas.firm, name="Cliente sin etiqueta")
    client = client_for(personas.owner)
    for sort, ordering in listing.sorts().items():
        filters = listing.Filters(tab="all", tags=(tag.pk,), sort=sort)
        listed = listing.filtered_accounts(personas.owner, filters).order_by(*ordering)
        pages = []
        for number in (1, 2):
            params = {"tab": "all", "tag": tag.pk, "sort": sort, "size": 25, "page": number}
            pages += [row.pk for row in client.get(LIST, params).context["page"]]
        assert pages == list(listed.values_list("pk", flat=True)), sort


def test_the_first_pages_of_a_long_list_check_tags_and_teams_row_by_row(
    client_for, personas, monkeypatch
):
    """Past COUNT_LIMIT matches, the first pages probe the tag, the team and the search (EXISTS
    and no trigram candidates, so that SQLite reads the name index and stops after a page); the
    rows are the same either way."""
    monkeypatch.setattr(listing, "COUNT_LIMIT", 5)
    monkeypatch.setattr(listing.RowPaginator, "PROBED_ROWS", 50)
    tag = TagFactory(firm=personas.firm)
    for i in range(60):
        account = AccountFactory(firm=personas.firm, name=f"Etiquetado {i:02}")
        account.tags.add(tag)
        TeamMembershipFactory(account=account, member=personas.accountant)
    AccountFactory(firm=personas.firm, name="Etiquetado sin etiqueta")
    foreign = AccountFactory(name="Etiquetado ajeno")
    foreign.tags.add(TagFactory(firm=foreign.firm))
    expected = [f"Etiquetado {i:02}" for i in range(60)]
    for who, params in ((personas.owner, {"tag": tag.pk}), (personas.accountant, {})):
        client, pages, ids_queries = client_for(who), [], []
        for number in (1, 2, 3):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(
                    LIST, {**params, "q": "etiquetado", "size": 25, "page": number}
                )
            pages += names_on(response)
            ids_queries.append(next(q["sql"] for q in captured if "LIMIT 26" in q["sql"]))
        assert pages == expected
        assert ["EXISTS" in sql for sql in ids_queries] == [True, True, False]
        if connection.vendor == "sqlite":  # the search too: no trigram candidates collected
            uses_fts = ["clients_account_search" in sql for sql in ids_queries]
            assert uses_fts == [False, False, True]


def test_a_search_counts_the_same_from_the_index_as_by_reading_every_match(personas, monkeypatch):
    """The capped count of a search (on SQLite streamed from the trigram table, each candidate
    checked against the tab and filters) is the number of visible matches, capped."""
    monkeypatch.setattr(listing, "COUNT_LIMIT", 12)
    tag = TagFactory(firm=personas.firm)
    for i in range(30):
        account = AccountFactory(firm=personas.firm, name=f'Talleres {i:02} 100% "fino"')
        if i % 2:
            account.tags.add(tag)
        if i % 3:
            TeamMembershipFactory(account=account, member=personas.accountant)
    AccountFactory(name="Talleres ajenos")  # another firm's
    searches = ["talleres", "talleres 1", "Tálleres 0", "100%", '"fino"', "lleres 2", "zz"]
    for member in (personas.owner, personas.accountant):
        for q in searches:
            for filters in (
                listing.Filters(tab="all", q=q),
                listing.Filters(tab="mine", q=q),
                listing.Filters(tab="all", q=q, tags=(tag.pk,)),
                listing.Filters(tab="all", q=q, teammate=personas.accountant.pk),
            ):
                words = fold(q).split()
                unsearched = listing.filtered_accounts(member, replace(filters, q=""))
                matches = [a for a in unsearched if all(w in a.search_text for w in words)]
                with CaptureQueriesContext(connection) as captured:
                    count = listing.RowPaginator(member, filters, 25).count
                assert count == min(len(matches), 13), (member, filters)
                if connection.vendor == "sqlite" and len(words[0]) >= 3:
                    assert "MATCH" in captured[0]["sql"] and "LIMIT" in captured[0]["sql"]


def estimated_rows(queryset):
    return json.loads(queryset.explain(format="json"))[0]["Plan"]["Plan Rows"]


def test_on_postgresql_leaving_out_the_test_client_keeps_the_estimate_of_the_rows(personas):
    """The planner picks index or table for a search's count by the rows it expects: leaving
    out the test client must not halve them (as `NOT IN (subquery)` did)."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL planner's estimate")
    ClientAccount.objects.bulk_create(
        ClientAccount(firm=personas.firm, name=f"Cliente {n}", search_text=f"cliente {n}")
        for n in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE clients_clientaccount")
    visible = estimated_rows(visible_accounts(personas.owner))

    assert estimated_rows(listing.listed_accounts(personas.owner)) > 0.9 * visible


def test_a_search_starting_with_one_character_and_a_separator_matches_exactly(client_for, personas):
    searchable(personas, "Ferretería Muñoz", email="ana0@example.es")
    searchable(personas, "Talleres Ruiz", email="ana1@example.es")
    searchable(personas, "Bodegas Peñín", email="0@example.fr")
    for query, found in (
        ("0@example.es", ["Ferretería Muñoz"]),
        ("0@EXAMPLE", ["Bodegas Peñín", "Ferretería Muñoz"]),
        ("1@ex ruiz", ["Talleres Ruiz"]),
    ):
        assert names_on(client_for(personas.owner).get(LIST, {"q": query})) == found


def test_on_postgresql_the_trigram_index_is_weighed_by_the_candidates_it_returns(personas):
    """pg_trgm makes no trigram of the "0" of "0@example.es": its index returns every account
    with "@example.es", and PostgreSQL must cost it so (not by the tenth that match the whole),
    or it collects all of them to count a common search (19 ms instead of 2 at dataset M)."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL planner's estimate")
    ClientAccount.objects.bulk_create(
        ClientAccount(firm=personas.firm, name=f"Cliente {n}", search_text=f"c{n}@example.es")
        for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE clients_clientaccount")
        cursor.execute("SET LOCAL enable_seqscan = off")  # the plan that reads the index
    accounts = search.matching(ClientAccount.objects.all(), "0@example.es")
    plan = json.loads(accounts.explain(format="json"))[0]["Plan"]
    while plan["Node Type"] != "Bitmap Index Scan":
        plan = plan["Plans"][-1]

    assert plan["Index Name"] == "account_search_trgm" and plan["Plan Rows"] > 2000


def test_on_postgresql_the_search_text_has_a_finer_histogram():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL column setting")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute WHERE attname = 'search_text'"
            " AND attrelid = 'clients_clientaccount'::regclass"
        )
        assert cursor.fetchone()[0] == search.POSTGRES_STATISTICS


def test_counts_past_a_thousand_are_grouped_as_the_language_writes_them(client_for, personas):
    ClientAccount.objects.bulk_create(
        ClientAccount(firm=personas.firm, name=f"Cliente {n:04}", name_key=f"cliente {n:04}")
        for n in range(1000)
    )
    total = ClientAccount.objects.filter(firm=personas.firm, onboarding="active").count()
    grouped = f"1\xa0{total - 1000:03}"  # Spanish and French both group with a space
    html = client_for(personas.owner, "es").get(LIST, {"tab": "all", "size": 25}).content.decode()
    assert f"1–25 de {grouped} clientes" in html
    assert f">{grouped}</span>" in html  # the All tab's badge
    assert f"Seleccionar los {grouped} clientes que coinciden" in html
    html = client_for(personas.owner, "fr").get(LIST, {"tab": "all", "size": 25}).content.decode()
    assert f"1–25 sur {grouped} clients" in html


def test_one_sort_the_select_the_button_and_the_name_column_agree(client_for, personas):
    """Issue 14, item 10: "Sort by name" flipped once and then stayed Z–A while the Sort
    select still said A–Z. Every control shows the current `sort=` and sets the next one, in
    the page and in each htmx answer (the select and button come out of band)."""
    client = client_for(personas.owner, "es")
    htmx = {"HX-Request": "true", "HX-Target": "client-results"}
    for current, following in (("name", "-name"), ("-name", "name"), ("-created", "name")):
        for headers in ({}, htmx):
            html = client.get(LIST, {"sort": current, "size": 25}, headers=headers).content
            html = html.decode()
            assert f'<option value="{current}" selected>' in html
            assert html.count("selected>") == 1 if headers else True
            next_url = f"?sort={following}&amp;size=25"
            assert html.count(f'href="{next_url}"') == 2  # "Sort by name" and the Name header
            assert html.count(f'hx-get="{next_url}"') == 2
        assert ('hx-swap-oob="innerHTML"' in html) is True


def test_searching_keeps_the_page_size_and_does_not_reload_on_blur(client_for, personas):
    """Issue 14, item 10: typing a search dropped `size=`, and the box's `change` on blur
    reloaded the list under the first click after typing."""
    html = client_for(personas.owner).get(LIST, {"size": 25, "q": "pan"}).content.decode()
    assert '<input type="hidden" name="size" value="25">' in html
    form = html[html.index('id="client-filters"') :]
    trigger = re.search(r'hx-trigger="([^"]*)"', form).group(1)
    events = [part.strip() for part in trigger.split(",")]
    assert "change" not in events  # a bare change also fires when the search box loses focus
    assert events[0].startswith("input changed delay:") and events[0].endswith("from:#id_q")


def test_htmx_gets_only_the_results(client_for, personas):
    response = client_for(personas.owner).get(
        LIST, {"q": "panad"}, headers={"HX-Request": "true", "HX-Target": "client-results"}
    )
    html = response.content.decode()
    assert "Panadería Núñez SL" in html
    assert "<html" not in html and 'id="client-filters"' not in html


# --- Query counts ---------------------------------------------------------------------------


def queries_for(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def add_accounts(personas, count):
    for _ in range(count):
        account = AccountFactory(firm=personas.firm)
        account.tags.add(TagFactory(firm=personas.firm))
        TeamMembershipFactory(account=account, member=personas.accountant)
        EmailSwitchesFactory(link__account=account, login=True)


@pytest.mark.parametrize("who", ["owner", "accountant"])
@pytest.mark.parametrize(
    "params", [{}, {"q": "a", "sort": "-name"}, {"tag": "1", "status": "active", "kind": "company"}]
)
def test_query_count_is_small_and_does_not_grow_with_accounts(client_for, personas, who, params):
    client = client_for(getattr(personas, who))
    add_accounts(personas, 2)
    few = queries_for(client, LIST, params)
    add_accounts(personas, 40)
    assert queries_for(client, LIST, params) == few
    assert few <= 10


# --- More actions (C-8) ---------------------------------------------------------------------


def test_bulk_add_and_remove_a_tag_on_ticked_rows(client_for, personas):
    tag = TagFactory(firm=personas.firm, name="Nómina")
    client = client_for(personas.manager)
    ids = [personas.account.pk, personas.foreign_account.pk, personas.other_account.pk]
    response = client.post(
        BULK, {"action": "add_tag", "tag": tag.pk, "ids": ids, "query": "tab=mine"}
    )
    assert response.status_code == 302 and response.url.endswith("?tab=mine")
    # the manager can edit only the account they see; other ids are ignored
    assert list(tag.accounts.all()) == [personas.account]
    events = HistoryEvent.objects.filter(verb=HistoryEvent.Verb.TAGS_CHANGED)
    assert [(e.account, e.actor) for e in events] == [(personas.account, personas.manager.user)]
    client.post(BULK, {"action": "remove_tag", "tag": tag.pk, "ids": ids})
    assert not tag.accounts.exists()


def test_bulk_on_all_matching_rows_applies_the_saved_filters(client_for, personas):
    for i in range(5):
        AccountFactory(firm=personas.firm, name=f"Ferretería {i}", kind="individual")
    client = client_for(personas.admin)
    response = client.post(
        BULK,
        {
            "action": "add_member",
            "member": personas.outsider.pk,
            "all_matching": "1",
            "confirmed": "1",
            "query": "tab=all&kind=individual",
        },
    )
    assert response.status_code == 302
    on_team = ClientAccount.objects.filter(teammembership__member=personas.outsider)
    assert sorted(on_team.values_list("name", flat=True)) == [f"Ferretería {i}" for i in range(5)]
    assert HistoryEvent.objects.filter(verb=HistoryEvent.Verb.TEAM_ADDED).count() == 5
    client.post(
        BULK,
        {
            "action": "remove_member",
            "member": personas.outsider.pk,
            "all_matching": "1",
            "confirmed": "1",
            "query": "tab=all",
        },
    )
    assert not on_team.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "add_tag", "ids": ["1"]}, "Elige una etiqueta."),
        ({"action": "add_member", "ids": ["1"]}, "Elige un miembro del equipo."),
        ({"action": "add_tag", "tag": "1"}, "Selecciona al menos un cliente."),
        ({"action": "explode", "ids": ["1"]}, "La opción explode no está entre las disponibles."),
        ({"action": "add_tag", "tag": "1", "ids": ["x"]}, "La selección no es válida."),
    ],
)
def test_bad_bulk_input_is_refused_in_the_users_language_and_changes_nothing(
    client_for, personas, data, message
):
    personas.admin.language = "es"
    personas.admin.save()
    TagFactory(firm=personas.firm, pk=1)
    client = client_for(personas.admin)
    response = client.post(BULK, data, follow=True)
    assert message in response.content.decode()
    # styled as Bootstrap styles errors (issue 14, item 11: `alert-error` has no style)
    assert f'<div class="alert alert-danger" role="alert">{message}' in response.content.decode()
    assert not HistoryEvent.objects.exists()


def test_bulk_with_another_firms_tag_or_member_changes_nothing(client_for, personas):
    foreign_tag = TagFactory(firm=personas.foreign_owner.firm)
    client = client_for(personas.admin)
    ids = [personas.account.pk]
    client.post(BULK, {"action": "add_tag", "tag": foreign_tag.pk, "ids": ids})
    client.post(BULK, {"action": "add_member", "member": personas.foreign_owner.pk, "ids": ids})
    assert not foreign_tag.accounts.exists()
    assert not TeamMembership.objects.filter(member=personas.foreign_owner).exists()


@pytest.mark.parametrize("who", ["accountant", "see_all", "outsider", "client_user"])
def test_members_without_manage_accounts_get_404_on_bulk(client_for, personas, who):
    tag = TagFactory(firm=personas.firm)
    response = client_for(getattr(personas, who)).post(
        BULK, {"action": "add_tag", "tag": tag.pk, "ids": [personas.account.pk]}
    )
    assert response.status_code == 404
    assert not tag.accounts.exists()


def test_another_firms_owner_changes_nothing_with_our_ids(client_for, personas):
    their_tag = TagFactory(firm=personas.foreign_owner.firm)
    client = client_for(personas.foreign_owner)
    client.post(BULK, {"action": "add_tag", "tag": their_tag.pk, "ids": [personas.account.pk]})
    data = {"action": "add_tag", "tag": their_tag.pk, "all_matching": "1", "confirmed": "1"}
    client.post(BULK, data)
    assert list(their_tag.accounts.all()) == [personas.foreign_account]


# --- Invitations: accept or decline (C-1) ---------------------------------------------------


def test_accepting_an_invitation_creates_the_client(client_for, personas):
    request = connection_request(personas.firm)
    response = client_for(personas.admin).post(reverse("clients:accept", args=[request.pk]))
    account = ClientAccount.objects.get(name="Ferretería Muñoz SL")
    assert response.url == reverse("clients:workspace", args=[account.pk])
    assert list(account.team.all()) == [personas.admin]
    assert [c.full_name for c in account.contacts.all()] == ["Rocío Muñoz"]
    request.refresh_from_db()
    assert (request.status, request.account, request.decided_by) == (
        "accepted",
        account,
        personas.admin,
    )
    assert HistoryEvent.objects.filter(
        verb=HistoryEvent.Verb.REQUEST_ACCEPTED, account=account
    ).exists()


@pytest.mark.parametrize(
    "first,second,message",
    [
        ("accept", "accept", "La invitación de Ferretería Muñoz SL ya estaba aceptada."),
        ("accept", "decline", "La invitación de Ferretería Muñoz SL ya estaba aceptada."),
        ("decline", "accept", "La invitación de Ferretería Muñoz SL ya estaba rechazada."),
        ("decline", "decline", "La invitación de Ferretería Muñoz SL ya estaba rechazada."),
    ],
)
def test_an_invitation_answered_already_says_so_and_changes_nothing(
    client_for, personas, first, second, message
):
    request = connection_request(personas.firm)
    client_for(personas.admin).post(reverse(f"clients:{first}", args=[request.pk]))
    request.refresh_from_db()
    answered = (request.status, request.account_id, request.decided_by, request.decided_at)
    response = client_for(personas.owner, "es").post(
        reverse(f"clients:{second}", args=[request.pk])
    )
    assert response.status_code == 302
    if request.account_id:
        assert response.url == reverse("clients:workspace", args=[request.account_id])
    else:
        assert response.url == reverse("clients:list") + "?tab=invitations"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [message]
    request.refresh_from_db()
    assert (request.status, request.account_id, request.decided_by, request.decided_at) == answered
    assert ClientAccount.objects.filter(name="Ferretería Muñoz SL").count() == (first == "accept")
    verbs = [HistoryEvent.Verb.REQUEST_ACCEPTED, HistoryEvent.Verb.REQUEST_DECLINED]
    assert HistoryEvent.objects.filter(verb__in=verbs).count() == 1


def test_declining_an_invitation(client_for, personas):
    request = connection_request(personas.firm)
    client_for(personas.owner).post(reverse("clients:decline", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == "declined"
    assert not ClientAccount.objects.filter(name="Ferretería Muñoz SL").exists()


@pytest.mark.parametrize(
    "who", ["accountant", "see_all", "manager", "foreign_owner", "client_user"]
)
def test_only_owners_and_admins_of_the_firm_answer_invitations(client_for, personas, who):
    request = connection_request(personas.firm)
    client = client_for(getattr(personas, who))
    assert client.post(reverse("clients:accept", args=[request.pk])).status_code == 404
    assert client.post(reverse("clients:decline", args=[request.pk])).status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"


# --- Go to client (C-9) and quick open (P-9) ------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("admin", 200),
        ("accountant", 200),
        ("see_all", 200),
        ("manager", 200),
        ("outsider", 404),
        ("foreign_owner", 404),
        ("client_user", 404),
    ],
)
def test_workspace_opens_for_those_who_may_see_the_account(client_for, personas, who, status):
    url = reverse("clients:workspace", args=[personas.account.pk])
    response = client_for(getattr(personas, who), "fr").get(url)
    assert response.status_code == status
    if status == 200:
        assert "Retour aux clients" in response.content.decode()


def test_workspace_lists_the_contacts_and_their_access(client_for, personas):
    link = AccountContactFactory(account=personas.account, contact__first_name="Begoña")
    email = ContactEmailFactory(contact=link.contact, email="begona@example.es")
    EmailSwitchesFactory(link=link, email=email, login=True)
    html = (
        client_for(personas.owner)
        .get(reverse("clients:workspace", args=[personas.account.pk]))
        .content.decode()
    )
    assert "Begoña" in html and "begona@example.es" in html and "Can sign in" in html


def test_quick_open_finds_visible_clients_by_name_or_email(client_for, personas):
    searchable(personas, "Ferretería Muñoz", email="compras@ferreteria.es")
    url = reverse("clients:quick_open")
    htmx = {"HX-Request": "true"}
    owner = client_for(personas.owner)
    assert "Ferretería Muñoz" in owner.get(url, {"q": "compras@"}, headers=htmx).content.decode()
    assert "Ferretería Muñoz" in owner.get(url, {"q": "FERRE"}, headers=htmx).content.decode()
    outsider = client_for(personas.outsider)
    assert "Ferretería" not in outsider.get(url, {"q": "ferre"}, headers=htmx).content.decode()
    foreign = client_for(personas.foreign_owner)
    assert "Ferretería" not in foreign.get(url, {"q": "ferre"}, headers=htmx).content.decode()
    without_js = owner.get(url, {"q": "ferre"})
    assert without_js.status_code == 302 and without_js.url == f"{LIST}?q=ferre"


def test_an_invitation_accepted_from_a_page_read_before_is_not_accepted_twice(personas):
    request = connection_request(personas.firm)
    copy = ConnectionRequest.objects.get(pk=request.pk)  # the colleague's page, still pending
    page_actions.accept_request(member=personas.admin, request=request)
    with pytest.raises(AlreadyDone, match="already accepted"):
        page_actions.accept_request(member=personas.owner, request=copy)
    with pytest.raises(AlreadyDone, match="already accepted"):
        page_actions.decline_request(member=personas.owner, request=copy)
    assert ClientAccount.objects.filter(name="Ferretería Muñoz SL").count() == 1
    copy.refresh_from_db()
    assert (copy.status, copy.decided_by) == ("accepted", personas.admin)

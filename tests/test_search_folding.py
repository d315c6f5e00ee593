"""Search folds every variant of a letter or sign (issue 14, fault 2; C-4): "D’Arcy Interiors"
is found by d'arcy and "O'Brien" by o’brien in each search a person types into — Search
clients, quick open (P-9) and Add contact (P-5) — on SQLite and PostgreSQL alike (the suite
runs on both)."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from portico.clients import actions
from portico.clients.models import ClientAccount, Contact
from portico.core.text import VARIANTS, fold
from tests.factories import AccountContactFactory, ContactEmailFactory, ContactFactory

pytestmark = pytest.mark.django_db
LIST = reverse("clients:list")
QUICK_OPEN = reverse("clients:quick_open")
HTMX = {"HX-Request": "true"}
migration = importlib.import_module("portico.clients.migrations.0012_search_folding")


# --- fold -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, plain",
    [
        ("D’Arcy", "d'arcy"),
        ("D‘Arcy", "d'arcy"),
        ("Dʼarcy", "d'arcy"),
        ("D´Arcy", "d'arcy"),
        ("D`Arcy", "d'arcy"),
        ("D′Arcy", "d'arcy"),
        ("«Casa» “Pepe”", '"casa" "pepe"'),
        ("Jean‐Luc – Marie—Anne − 3", "jean-luc - marie-anne - 3"),
        ("Jean‑Luc", "jean-luc"),
        ("Øster Ålesund", "oster alesund"),
        ("Łódź", "lodz"),
        ("Đorđe", "dorde"),
        ("Straße", "strasse"),
        ("Æbelø", "aebelo"),
        ("Œuvre", "oeuvre"),
        ("Þór", "thor"),
        ("Iıi", "iii"),
        ("ﬁnanzas", "finanzas"),
        ("José Núñez", "jose nunez"),
        ("Ｄ’Ａｒｃｙ", "d'arcy"),
        ("Ana\u00adMaría", "anamaria"),  # a soft hyphen
    ],
)
def test_fold_makes_every_variant_what_a_plain_keyboard_types(typed, plain):
    assert fold(typed) == plain


def test_the_migration_folds_as_fold_did_when_it_was_written():
    """Migration 0012 carries its own copy of fold: today they agree."""
    samples = ["D’Arcy Interiors", "«Œuvre» – Øster", "Straße ﬁ ı Þ", "O'Brien Łódź", "José"]
    assert [migration.fold(s) for s in samples] == [fold(s) for s in samples]


@given(st.text(max_size=40))
def test_fold_is_stable_and_leaves_no_variant(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert not set(folded) & {chr(c) for c in VARIANTS}


# --- The three searches ---------------------------------------------------------------------


@pytest.fixture
def irish(personas):
    """D’Arcy Interiors (typographic apostrophe, as phones type it) with its contact Siobhán
    O'Brien (straight one), and an account and a contact of the firm to find them among."""
    darcy = actions.create_account(member=personas.owner, name="D’Arcy Interiors", kind="company")
    obrien = actions.create_contact(
        member=personas.owner,
        first_name="Siobhán",
        last_name="O'Brien",
        emails=["siobhan@darcy.ie"],
    )
    actions.link_contact(member=personas.owner, account=darcy, contact=obrien)
    actions.create_contact(
        member=personas.owner, first_name="Aoife", last_name="D’Arcy", emails=["aoife@x.ie"]
    )
    return darcy


@pytest.mark.parametrize("typed", ["d'arcy", "D’ARCY", "d`arcy", "o’brien", "O'BRIEN", "siobhan"])
def test_search_clients_finds_any_way_of_typing_an_apostrophe(client_for, personas, irish, typed):
    response = client_for(personas.owner).get(LIST, {"q": typed, "tab": "all"})
    assert [row.name for row in response.context["page"]] == ["D’Arcy Interiors"]


@pytest.mark.parametrize("typed", ["d'arcy", "o’brien", "d‘arcy interiors"])
def test_quick_open_finds_any_way_of_typing_an_apostrophe(client_for, personas, irish, typed):
    html = client_for(personas.owner).get(QUICK_OPEN, {"q": typed}, headers=HTMX).content
    assert "D’Arcy Interiors" in html.decode()


@pytest.mark.parametrize(
    "typed, found",
    [
        ("d'arcy", ["Aoife D’Arcy"]),
        ("o’brien", ["Siobhán O'Brien"]),
        ("siobhan", ["Siobhán O'Brien"]),  # accents folded on SQLite too
        ("SIOBHÁN o'brien", ["Siobhán O'Brien"]),
        ("darcy.ie", ["Siobhán O'Brien"]),  # any part of an email
        ("aoi", ["Aoife D’Arcy"]),
        ("ie", ["Aoife D’Arcy", "Siobhán O'Brien"]),  # too short for the index: read in full
    ],
)
def test_add_contact_finds_any_way_of_typing_a_name_or_email(
    client_for, personas, irish, typed, found
):
    url = reverse("clients:contact_add", args=[personas.account.pk])
    response = client_for(personas.owner).get(url, {"q": typed})
    assert [c.full_name for c in response.context["found"]] == found


def test_add_contact_leaves_out_linked_and_foreign_contacts(client_for, personas, irish):
    foreign = ContactFactory(firm=personas.foreign_account.firm, last_name="O’Brien")
    ContactEmailFactory(contact=foreign)
    url = reverse("clients:contact_add", args=[irish.pk])  # O'Brien is linked to it already
    response = client_for(personas.owner).get(url, {"q": "o'brien"})
    assert list(response.context["found"]) == []


def test_add_contact_search_follows_edits_of_names_and_emails(client_for, personas, irish):
    contact = Contact.objects.get(last_name="D’Arcy")
    actions.update_contact(
        member=personas.owner, contact=contact, last_name="Ní Bhriain", emails=["aoife@nb.ie"]
    )
    url = reverse("clients:contact_add", args=[personas.account.pk])
    client = client_for(personas.owner)
    assert [c.full_name for c in client.get(url, {"q": "bhriain"}).context["found"]] == [
        "Aoife Ní Bhriain"
    ]
    assert list(client.get(url, {"q": "d'arcy"}).context["found"]) == []
    assert list(client.get(url, {"q": "aoife@x"}).context["found"]) == []


def test_add_contact_search_runs_the_same_queries_whatever_the_number_of_contacts(
    client_for, personas
):
    url = reverse("clients:contact_add", args=[personas.account.pk])
    client = client_for(personas.owner)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"q": "garcía"}).status_code == 200
        return len(captured), " ".join(q["sql"] for q in captured)

    ContactEmailFactory(contact__firm=personas.firm)
    queries()  # warm the session
    few, _ = queries()
    for _ in range(30):
        ContactEmailFactory(contact__firm=personas.firm)
        ContactEmailFactory(contact=AccountContactFactory(account=personas.account).contact)
    many, sql = queries()
    assert few == many <= 8
    if connection.vendor == "sqlite":
        assert "clients_contact_search" in sql  # served by the trigram table


# --- Stored text folded anew by the migration -------------------------------------------------


def test_the_migration_folds_stored_search_text_and_name_keys_anew(client_for, personas, irish):
    ClientAccount.objects.filter(pk=irish.pk).update(
        search_text="d’arcy interiors siobhan o’brien", name_key="d’arcy interiors"
    )
    Contact.objects.update(search_text="")
    editor = SimpleNamespace(connection=connection)
    migration.fill_contacts(apps, editor)
    migration.refold_accounts(apps, editor)
    irish.refresh_from_db()
    assert irish.name_key == "d'arcy interiors"
    assert irish.search_text == "d'arcy interiors siobhan o'brien siobhan@darcy.ie"
    assert Contact.objects.get(last_name="D’Arcy").search_text == "aoife d'arcy aoife@x.ie"
    response = client_for(personas.owner).get(LIST, {"q": "d'arcy", "tab": "all"})
    assert [row.name for row in response.context["page"]] == ["D’Arcy Interiors"]


def test_a_name_that_folding_lengthens_keeps_its_key_within_the_column(personas):
    account = actions.create_account(member=personas.owner, name="Æ" * 200, kind="company")
    account.refresh_from_db()
    assert account.name_key == "ae" * 100

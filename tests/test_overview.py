"""The client profile's Overview tab (P-3, seed 004 "Visión general"): the profile opens on it;
each app's card shows its latest five with View all; amounts only to who may bill; 404 for
anyone who may not open the account; a fixed number of queries whatever the data."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portico.messaging.models import EmailLog
from tests.billing_setup import billing_media, issued, line, pay  # noqa: F401  (autouse)
from tests.factories import (
    AccountContactFactory,
    ContactEmailFactory,
    DocumentFactory,
    EmailLogFactory,
    EmailSwitchesFactory,
    InvitationFactory,
    PortalIdentityFactory,
)
from tests.tasks_setup import make_task


def overview_url(account):
    return reverse("clients:overview", args=[account.pk])


def login_on(account, first_name, email):
    link = AccountContactFactory(account=account, contact__first_name=first_name)
    address = ContactEmailFactory(contact=link.contact, email=email)
    EmailSwitchesFactory(link=link, email=address, login=True)
    return address


@pytest.fixture
def filled(personas):
    """The account with something in every card: seven documents (the newest unseen), an
    email that failed, a task next week, an unpaid invoice the client's credit covers, a
    contact who signed in and one still invited."""
    account = personas.account
    for n in range(7):
        DocumentFactory(
            account=account, name=f"Modelo 303 T{n}.pdf", seen_by_firm_at=timezone.now()
        )
    DocumentFactory(account=account, name="Factura proveedor.pdf", seen_by_firm_at=None)
    EmailLogFactory(
        firm=personas.firm,
        account=account,
        to="nuria@example.es",
        subject="Tu factura",
        status=EmailLog.Status.FAILED,
    )
    make_task(
        personas.owner,
        timezone.localdate() + timedelta(days=7),
        account=account,
        title="Cierre trimestral",
    )
    invoice = issued(personas.owner, account, line(1, 100), issued=timezone.localdate())
    pay(personas.owner, account, "500", keep_credit=True, day=timezone.localdate())
    active = login_on(account, "Nuria", "nuria@example.es")
    identity = PortalIdentityFactory(email=active)
    identity.user.last_login = timezone.now()
    identity.user.save()
    invited = login_on(account, "Pablo", "pablo@example.es")
    InvitationFactory(account=account, email=invited, status="sent")
    return invoice


def test_the_profile_opens_on_the_overview(personas, client_for):
    response = client_for(personas.owner).get(
        reverse("clients:profile", args=[personas.account.pk])
    )
    assert response.status_code == 302
    assert response.url == overview_url(personas.account)


def test_every_card_shows_its_latest_five_in_spanish(personas, client_for, filled):
    html = client_for(personas.owner, "es").get(overview_url(personas.account)).content.decode()
    assert "Visión general" in html
    for card in ("documents", "tasks", "emails", "unpaid_invoices", "login_activity"):
        assert f'data-testid="overview-card-{card}"' in html
    documents = html.split('data-testid="overview-card-documents"')[1].split("</section>")[0]
    assert documents.count("<li") == 5
    assert "Factura proveedor.pdf" in documents and "Nuevo" in documents
    assert "Cierre trimestral" in html
    assert "Tu factura" in html and "Fallido" in html
    assert filled.number in html and "Cubierta por el crédito" in html
    login = html.split('data-testid="overview-card-login_activity"')[1].split("</section>")[0]
    assert "Nuria" in login and "Activo" in login
    assert "Pablo" in login and "Invitación enviada" in login and "Sin conexión" in login
    assert login.index("Nuria") < login.index("Pablo")  # latest sign-in first
    assert html.count("Ver todo") >= 5


def test_the_cards_in_french(personas, client_for, filled):
    html = client_for(personas.owner, "fr").get(overview_url(personas.account)).content.decode()
    assert "Vue d’ensemble" in html and "Activité de connexion" in html


def test_no_amounts_without_manage_billing(personas, client_for, filled):
    html = client_for(personas.accountant).get(overview_url(personas.account)).content.decode()
    assert 'data-testid="overview-card-documents"' in html
    assert 'data-testid="overview-card-unpaid_invoices"' not in html
    assert filled.number not in html


def test_an_empty_account_keeps_the_cards_that_say_so(personas, client_for):
    html = client_for(personas.owner).get(overview_url(personas.other_account)).content.decode()
    assert "No documents yet." in html and "No planned tasks." in html
    assert "No contact has the Login switch on." in html
    assert 'data-testid="overview-card-emails"' not in html  # hidden when empty


@pytest.mark.parametrize("who", ["outsider", "foreign_owner", "client_user"])
def test_who_may_not_open_the_account_gets_404(personas, client_for, who):
    assert client_for(getattr(personas, who)).get(overview_url(personas.account)).status_code == 404
    assert client_for(personas.owner).get(overview_url(personas.foreign_account)).status_code == 404


@pytest.mark.parametrize("who", ["owner", "admin", "accountant", "see_all", "manager"])
def test_who_may_open_the_account_sees_it(personas, client_for, who):
    assert client_for(getattr(personas, who)).get(overview_url(personas.account)).status_code == 200


def test_queries_do_not_grow_with_the_data(
    personas, client_for, filled, django_assert_max_num_queries
):
    client = client_for(personas.owner)
    client.get(overview_url(personas.account))
    with django_assert_max_num_queries(22) as small:
        client.get(overview_url(personas.account))
    for n in range(30):
        DocumentFactory(account=personas.account)
        EmailLogFactory(firm=personas.firm, account=personas.account, to=f"x{n}@example.es")
        issued(personas.owner, personas.account, line(1, 10), issued=date.today())
        login_on(personas.account, f"C{n}", f"c{n}@example.es")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(overview_url(personas.account))

"""The 403, 404 and 500 pages (issue 17): translated, in the asker's layout, with a way back, and
a 404 that says the same for a foreign object as for one that never existed."""

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import translation

from portico.core import errors

pytestmark = pytest.mark.django_db


def test_staff_404_keeps_the_sidebar_and_the_way_back_to_clients(personas, client_for):
    client = client_for(personas.accountant, "es")
    foreign = client.get(f"/clients/{personas.foreign_account.pk}/")
    missing = client.get("/clients/987654321/")

    for response in (foreign, missing):
        page = response.content.decode()
        assert response.status_code == 404
        assert "Página no encontrada" in page
        assert 'href="/clients/"' in page and "Volver a Clientes" in page
        assert "Cerrar sesión" in page or "Ana Martín" in page  # the staff layout
    assert personas.foreign_account.name not in foreign.content.decode()


def test_anonymous_404_points_to_sign_in_in_french():
    response = Client(headers={"accept-language": "fr"}).get("/nowhere/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable" in page and "Se connecter" in page and 'href="/sign-in/"' in page


def test_client_404_points_back_to_the_portal(personas, client_for):
    response = client_for(personas.client_user, "es").get("/portal/nowhere/")

    assert response.status_code == 404
    assert 'href="/portal/"' in response.content.decode()


def test_403_page_says_who_can_give_the_right(personas):
    request = RequestFactory().get("/")
    request.member, request.user = None, personas.client_user
    with translation.override("es"):
        response = errors.permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert "No permitido" in response.content.decode()


def test_500_page_renders_without_the_request_in_the_language():
    with translation.override("fr"):
        response = errors.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Un problème est survenu" in response.content.decode()


def test_favicon_is_served():
    response = Client().get("/favicon.ico")

    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
    assert finders.find("favicon.svg")

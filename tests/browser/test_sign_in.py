import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


SIGN_IN_LABELS = {
    "es": ("Correo electrónico", "Contraseña", "Iniciar sesión"),
    "fr": ("Adresse e-mail", "Mot de passe", "Se connecter"),
}


def sign_in(page, live_server, email, password, language="es"):
    """Sign in through the form, with the page in `language` (the cookie the switch sets),
    from the Clients page, where it lands (`/` is Home)."""
    page.context.add_cookies(
        [{"name": "portico_language", "value": language, "url": live_server.url}]
    )
    email_label, password_label, button = SIGN_IN_LABELS[language]
    page.goto(f"{live_server.url}/clients/")
    page.get_by_label(email_label).fill(email)
    page.get_by_label(password_label).fill(password)
    page.get_by_role("button", name=button).click()


def test_sign_in_in_spanish_shows_the_clients_sidebar(page, live_server, personas):
    sign_in(page, live_server, personas.admin.user.email, PASSWORD)
    sidebar = page.get_by_role("navigation", name="Menú principal")
    expect(sidebar.get_by_role("link", name="Clientes")).to_be_visible()
    expect(page.get_by_role("heading", name="Clientes")).to_be_visible()
    expect(page.get_by_text("Panadería Núñez SL")).to_be_visible()
    expect(page.get_by_test_id("firm-name")).to_have_text("Asesoría Peña")


def test_wrong_password_shows_the_spanish_message(page, live_server, personas):
    sign_in(page, live_server, personas.admin.user.email, "no-es-la-clave")
    expect(page.get_by_role("alert")).to_contain_text(
        "El correo electrónico o la contraseña no son correctos."
    )


def test_language_switch_from_the_user_menu(page, live_server, personas):
    sign_in(page, live_server, personas.owner.user.email, PASSWORD)
    page.get_by_role("button", name=str(personas.owner.user)).click()
    page.get_by_role("button", name="Français").click()
    expect(
        page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Clients")
    ).to_be_visible()
    personas.owner.refresh_from_db()
    assert personas.owner.language == "fr"

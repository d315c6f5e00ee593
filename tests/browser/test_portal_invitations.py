"""Seed 002 (Spanish), step by step in a real browser: inviting clients to the portal in bulk and
individually, and the invited client activating their access from the email a real SMTP server
received."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portico.portal.models import Invitation, PortalIdentity
from tests.browser.test_sign_in import sign_in
from tests.factories import PASSWORD, AccountFactory, InvitationFactory, PortalActivityFactory
from tests.mail import text_of
from tests.portal_setup import contact_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LINK = re.compile(r"https?://\S+/portal/activate/\S+/")
CLIENT_PASSWORD = "Mi-clave-del-portal-2026"


@pytest.fixture
def site(settings, live_server):
    settings.SITE_URL = live_server.url  # the links in emails point at this server
    return live_server


def activate_from_email(browser, smtp, address, account_name):
    """The client opens the link of the email the SMTP server received, chooses a password and
    lands in the portal, in Spanish."""
    (message,) = smtp.wait_for(1) and smtp.to(address)
    link = LINK.search(text_of(message)).group(0)
    context = browser.new_context(locale="es-ES")
    page = context.new_page()
    page.goto(link)
    expect(page.get_by_role("heading", name="Active su acceso al portal")).to_be_visible()
    page.get_by_label("Elija una contraseña").fill(CLIENT_PASSWORD)
    page.get_by_label("Repita la contraseña").fill(CLIENT_PASSWORD)
    page.get_by_role("button", name="Activar e iniciar sesión").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Le damos la bienvenida: su acceso al portal está activo."
    )
    expect(page.get_by_role("heading", name=account_name)).to_be_visible()
    expect(page.get_by_role("navigation", name="Menú del portal")).to_contain_text("Documentos")
    context.close()
    return message


def test_bulk_invitations_from_the_clients_page(page, browser, site, smtp, personas):
    connected = AccountFactory(firm=personas.firm, name="Ya Conectada SL")
    PortalActivityFactory(account=connected)
    ferreteria = AccountFactory(firm=personas.firm, name="Ferretería Muñoz SL")
    contact_on(personas.firm, ferreteria, address="rocio@ferreteria.es", login=False)
    contact_on(personas.firm, personas.account, address="nuria@panaderia.es", login=False)

    sign_in(page, site, personas.admin.user.email, PASSWORD, "es")
    # 1. Filter: "Última Iniciar Sesión" (last login) → "Sin conexión" (never connected)
    page.get_by_role("button", name="Más filtros").click()
    page.get_by_label("Último inicio de sesión").select_option(label="Sin conexión")
    expect(page).to_have_url(re.compile(r"login=never"))
    names = page.get_by_test_id("client-name")
    expect(names).to_have_count(3)
    expect(page.get_by_test_id("client-table")).not_to_contain_text("Ya Conectada SL")
    # 2. Select the clients → More actions → Edit login, notify, email sync
    page.get_by_label("Seleccionar esta página").check()
    page.get_by_label("Más acciones").select_option(
        label="Editar Iniciar Sesión, notificar, sincronizar correo electrónico"
    )
    # 3. Enable for all contacts, 4. Send invitations, 5. a message, 6. Save
    page.get_by_label("Iniciar Sesión", exact=True).select_option(
        label="Activar para todos los contactos"
    )
    page.get_by_label("Enviar invitaciones").check()
    page.get_by_label("Mensaje para el correo electrónico de invitación (opcional)").fill(
        "Ya pueden subir sus documentos."
    )
    page.get_by_role("button", name="Guardar").click()

    expect(page.get_by_role("heading", name="Envío de invitaciones")).to_be_visible()
    expect(page.get_by_test_id("batch-progress")).to_contain_text("2 de 2 invitaciones enviadas")
    assert sorted(m["To"] for m in smtp.wait_for(2)) == [
        "nuria@panaderia.es",
        "rocio@ferreteria.es",
    ]
    message = activate_from_email(browser, smtp, "rocio@ferreteria.es", "Ferretería Muñoz SL")
    assert "Ya pueden subir sus documentos." in text_of(message)
    assert message["Subject"] == "Asesoría Peña le invita a su portal de clientes"
    assert PortalIdentity.objects.get().user.email == "rocio@ferreteria.es"

    # Pending activation: Nuria is still pending, Rocío no longer
    page.get_by_role("link", name="Volver a Clientes").click()
    page.get_by_test_id("tab-pending").click()
    rows = page.get_by_test_id("pending-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("nuria@panaderia.es")
    expect(rows.first).to_contain_text("Panadería Núñez SL")


def test_individual_invitation_from_the_profiles_contacts(page, browser, site, smtp, personas):
    contact_on(personas.firm, personas.account, address="lucia@panaderia.es", login=False)
    sign_in(page, site, personas.admin.user.email, PASSWORD, "es")
    page.goto(f"{site.url}/clients/{personas.account.pk}/")  # opens on Visión general
    page.get_by_role("link", name="Información", exact=True).click()

    row = page.get_by_test_id("email-row").filter(has_text="lucia@panaderia.es")
    row.get_by_role("switch", name="Iniciar sesión").click()
    popup = page.get_by_role("dialog", name="Enviar una invitación")
    expect(popup).to_be_visible()
    popup.get_by_label("Mensaje personalizado").fill("Hola Lucía, aquí tienes tu acceso.")
    popup.get_by_role("button", name="Enviar").click()

    expect(page.get_by_role("alert")).to_contain_text("Enviando la invitación a lucia@panaderia.es")
    row = page.get_by_test_id("email-row").filter(has_text="lucia@panaderia.es")
    expect(row.get_by_test_id("access-state")).to_have_text("Activación pendiente")
    assert Invitation.objects.get().status == "sent"

    message = activate_from_email(browser, smtp, "lucia@panaderia.es", "Panadería Núñez SL")
    assert "Hola Lucía, aquí tienes tu acceso." in text_of(message)
    page.reload()
    row = page.get_by_test_id("email-row").filter(has_text="lucia@panaderia.es")
    expect(row.get_by_test_id("access-state")).to_have_text("Portal activo")


def test_resend_to_selected_sends_the_rows_never_sent_one(page, site, smtp, personas):
    """Seed 002: "Ordene la lista por la columna Invitación enviada y seleccione las cuentas
    para las que la columna esté vacía; a continuación, haga clic en Reenviar a seleccionados."""
    contact_on(personas.firm, personas.account, address="nuria@panaderia.es")  # never sent
    sent, _ = contact_on(personas.firm, personas.other_account, address="iker@talleres.es")
    InvitationFactory(
        account=personas.other_account,
        email=sent,
        status="sent",
        sent_at=timezone.now() - timedelta(days=2),
        expires_at=timezone.now() + timedelta(days=5),
    )
    sign_in(page, site, personas.admin.user.email, PASSWORD, "es")
    page.goto(f"{site.url}/clients/?tab=pending")
    page.get_by_test_id("sort-sent").click()
    row = page.get_by_test_id("pending-row").filter(has_text="nuria@panaderia.es")
    expect(row.get_by_test_id("sent-at")).to_have_text("")
    row.get_by_role("checkbox").check()
    page.get_by_role("button", name="Reenviar a seleccionados").click()

    expect(page.get_by_role("heading", name="Envío de invitaciones")).to_be_visible()
    expect(page.get_by_test_id("batch-progress")).to_contain_text("1 de 1 invitación enviada")
    assert [m["To"] for m in smtp.wait_for(1)] == ["nuria@panaderia.es"]

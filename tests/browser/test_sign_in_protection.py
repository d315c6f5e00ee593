"""Sign-in protection in the browser, in Spanish: the lockout message, and enrolling a second
factor then signing in with a code."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.test_sign_in import sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCKED = (
    "Demasiados intentos fallidos de inicio de sesión. Por tu seguridad, el inicio de sesión está "
    "en pausa: vuelve a intentarlo dentro de 15 minutos."
)


def code_for(secret, steps_ahead=0):
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_wrong_passwords_then_the_lockout_message(page, live_server, personas):
    email = personas.accountant.user.email
    for attempt in range(9):
        sign_in(page, live_server, email, f"no-es-la-clave-{attempt}")
        expect(page.get_by_role("alert")).to_contain_text("no son correctos")
    sign_in(page, live_server, email, "no-es-la-clave-9")
    expect(page.get_by_role("alert")).to_have_text(LOCKED)
    sign_in(page, live_server, email, PASSWORD)
    expect(page.get_by_role("alert")).to_have_text(LOCKED)
    expect(page.get_by_role("heading", name="Accede a tu despacho")).to_be_visible()


def test_enrol_a_second_factor_then_sign_in_with_a_code(page, live_server, personas):
    owner = personas.owner
    sign_in(page, live_server, owner.user.email, PASSWORD)
    page.get_by_role("button", name=str(owner.user)).click()
    page.get_by_role("link", name="Verificación en dos pasos").click()
    expect(page.get_by_role("img", name="Código QR para escanear")).to_be_visible()
    secret = page.get_by_test_id("totp-secret").inner_text()

    page.get_by_label("El código que muestra tu aplicación").fill(code_for(secret))
    page.get_by_role("button", name="Activar").click()
    expect(page.get_by_role("alert")).to_have_text("La verificación en dos pasos está activada.")
    expect(page.get_by_test_id("recovery-codes").get_by_role("listitem")).to_have_count(10)

    page.get_by_role("button", name=str(owner.user)).click()
    page.get_by_role("button", name="Cerrar sesión").click()
    sign_in(page, live_server, owner.user.email, PASSWORD)
    expect(page.get_by_role("heading", name="Verificación en dos pasos")).to_be_visible()
    page.get_by_label("Código").fill("000000" if code_for(secret, 1) != "000000" else "111111")
    page.get_by_role("button", name="Verificar").click()
    expect(page.get_by_text("Este código no es correcto.")).to_be_visible()
    page.get_by_label("Código").fill(code_for(secret, 1))
    page.get_by_role("button", name="Verificar").click()
    expect(page.get_by_role("heading", name="Clientes")).to_be_visible()

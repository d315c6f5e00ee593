"""Subjects and plain-text parts say names as they are written (issue 14, item 9): a firm called
`Demo Asesores & Co` or a contact called `X"'` arrive so, not HTML-escaped; the HTML part stays
escaped. Every email template, each sent through its own path to a real SMTP server."""

import re
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from portico.firms.models import Firm, User
from portico.notifications import actions as notification_actions
from portico.notifications.digests import send_due_digests
from portico.portal import actions as portal_actions
from tests.factories import PortalIdentityFactory, PortalSettingsFactory
from tests.mail import text_of
from tests.portal_setup import (
    contact_on,
    media,  # noqa: F401  (an autouse fixture)
)

pytestmark = pytest.mark.django_db(transaction=True)
FIRM = "Demo Asesores & Co"
ACCOUNT = 'Hermanos <Gil> & "Hijos"'
CONTACT = "X\"'"
STAFF = 'O\'Neil "Ana"'  # full name; the emails greet by the first word, O'Neil
COMMENT = 'Faltan los "tickets" & <facturas> de octubre'
ESCAPED = re.compile(r"&(amp|quot|lt|gt|#x27|#39|#34);")


@pytest.fixture
def named(personas):
    """The firm, its account, a contact and the staff, with names that HTML would escape."""
    Firm.objects.filter(pk=personas.firm.pk).update(name=FIRM)
    personas.firm.refresh_from_db()
    personas.account.name = ACCOUNT
    personas.account.save()
    User.objects.filter(member__firm=personas.firm).update(full_name=STAFF)
    for member in (personas.owner, personas.accountant, personas.manager, personas.admin):
        member.user.refresh_from_db()
    email, _ = contact_on(personas.firm, personas.account, language="es")
    email.contact.first_name = CONTACT
    email.contact.save()
    return personas, email


def invitation(personas, email, client, client_for):
    with transaction.atomic():
        portal_actions.invite(
            member=personas.owner, account=personas.account, email=email, message=COMMENT
        )
    return f"{FIRM} le invita a su portal de clientes", [FIRM, ACCOUNT, CONTACT, COMMENT]


def document_shared(personas, email, client, client_for):
    PortalSettingsFactory(firm=personas.firm)
    client_for(personas.accountant).post(
        reverse("documents:upload", args=[personas.account.pk]),
        {"file": SimpleUploadedFile("Modelo 303.pdf", b"%PDF-1.4 303"), "shared": "on"},
    )
    return f"{FIRM} ha compartido un documento con usted", [FIRM, ACCOUNT, CONTACT]


def notify_accountants(personas, email, client, client_for):
    client_for(personas.admin).post(
        reverse("notifications:notify", args=[personas.account.pk]),
        {"tasks": ["missing_receipts"], "comment": COMMENT},
    )
    return f"Tareas pendientes de {ACCOUNT}", [ACCOUNT, STAFF, "Hola, O'Neil", COMMENT]


def digest(personas, email, client, client_for):
    notification_actions.set_digest(
        member=personas.accountant,
        account=personas.account,
        email=True,
        frequency="daily",
        send_empty=True,
        now=datetime(2026, 10, 28, 12, tzinfo=UTC),
    )
    send_due_digests(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    return "Resumen de tus clientes: 1 cliente", [ACCOUNT, "Hola, O'Neil"]


def password_reset(personas, email, client, client_for):
    client.post(reverse("firms:password_reset"), {"email": personas.accountant.user.email})
    return "Elige una nueva contraseña de Portico", ["Hola, O'Neil"]


def portal_password_reset(personas, email, client, client_for):
    user = PortalIdentityFactory(email=email, user__full_name=STAFF).user
    client.post(reverse("portal:password_reset"), {"email": user.email})
    return "Elija una nueva contraseña para su portal de clientes", ["Hola, O'Neil"]


SENDERS = [
    invitation,
    document_shared,
    notify_accountants,
    digest,
    password_reset,
    portal_password_reset,
]


@pytest.mark.parametrize("send", SENDERS, ids=lambda f: f.__name__)
def test_subject_and_text_are_unescaped_and_html_is_escaped(named, smtp, client, client_for, send):
    personas, email = named
    for member in (personas.accountant, personas.manager):
        member.language = "es"
        member.save()
    subject, names = send(personas, email, client, lambda who: client_for(who, "es"))
    (message, *_) = smtp.wait_for(1)
    text = text_of(message)
    html = message.get_body(preferencelist=("html",)).get_content()
    assert message["Subject"] == subject
    assert not ESCAPED.search(message["Subject"] + text), text
    for name in names:
        assert name in text
    assert all(name not in html for name in (FIRM, ACCOUNT, CONTACT, STAFF, COMMENT))
    assert ESCAPED.search(html)  # the HTML part names them escaped

"""The firm's logo (issue 18) in the client portal's header and at the top of its HTML emails,
attached inline (Content-ID) so no mail client fetches anything."""

import io

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from portico.messaging import emails
from portico.messaging.models import EmailLog
from tests.portal_setup import client_user_on, portal_client

CONTEXT = {"protocol": "http", "domain": "testserver", "uid": "MQ", "token": "t", "user": None}


def give_logo(firm, colour="red"):
    out = io.BytesIO()
    Image.new("RGB", (60, 30), colour).save(out, "WEBP")
    firm.logo.save("logo.webp", ContentFile(out.getvalue()))
    return firm


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.mark.django_db
def test_the_portal_header_shows_the_firms_logo_to_its_clients_only(personas, client_for):
    account = personas.account
    user, _email = client_user_on(personas.firm, account)
    client = portal_client(user)
    page = client.get(reverse("portal:account", args=[account.pk])).content.decode()
    assert 'data-testid="portal-logo"' not in page  # no logo yet: the plain icon
    assert client.get(reverse("portal:logo", args=[account.pk])).status_code == 404
    give_logo(personas.firm)
    page = client.get(reverse("portal:account", args=[account.pk])).content.decode()
    logo = reverse("portal:logo", args=[account.pk])
    assert 'data-testid="portal-logo"' in page and logo in page
    response = client.get(logo)
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (60, 30)
    # An account the client has no access to, another firm's, or staff: 404.
    for pk in (personas.other_account.pk, personas.foreign_account.pk):
        assert client.get(reverse("portal:logo", args=[pk])).status_code == 404
    for member in (personas.owner, personas.accountant):
        assert client_for(member).get(logo).status_code in (302, 404)


def _send(firm):
    with transaction.atomic():
        return emails.send(
            to="cliente@example.es",
            template="password_reset",
            language="es",
            context=CONTEXT,
            firm=firm,
        )


@pytest.mark.django_db(transaction=True)
def test_emails_carry_the_logo_inline_to_the_smtp_server(personas, smtp):
    give_logo(personas.firm, "blue")
    log = _send(personas.firm)
    (message,) = smtp.wait_for(1)
    assert EmailLog.objects.get(pk=log.pk).status == EmailLog.Status.SENT
    html = message.get_body(preferencelist=("html",)).get_content()
    assert 'src="cid:firm-logo@portico"' in html and f'alt="{personas.firm.name}"' in html
    (image,) = [part for part in message.walk() if part["Content-ID"]]
    assert image["Content-ID"] == "<firm-logo@portico>"
    assert image.get_content_type() == "image/png"
    assert image.get_content_disposition() == "inline"
    png = Image.open(io.BytesIO(image.get_content()))
    assert png.format == "PNG" and png.size == (60, 30)
    assert png.convert("RGB").getpixel((30, 15))[2] > 200  # blue, the firm's own


@pytest.mark.django_db(transaction=True)
def test_without_a_logo_or_with_a_removed_one_the_email_still_goes(personas, smtp):
    _send(personas.firm)
    (message,) = smtp.wait_for(1)
    assert "cid:" not in message.get_body(preferencelist=("html",)).get_content()
    assert not [part for part in message.walk() if part["Content-ID"]]
    give_logo(personas.firm)
    with transaction.atomic():
        log = emails.send(
            to="otro@example.es",
            template="password_reset",
            language="es",
            context=CONTEXT,
            firm=personas.firm,
        )
        personas.firm.logo.storage.delete(personas.firm.logo.name)  # removed before delivery
    smtp.wait_for(2)
    assert EmailLog.objects.get(pk=log.pk).status == EmailLog.Status.SENT

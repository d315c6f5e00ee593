"""Issue 15, fault 4: every upload goes through core/uploads.py — the request body is refused
from its Content-Length before it is read, images above the pixel limit are refused before
decoding, and a long file name keeps its extension."""

import io
import socket
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image, ImageFile

from portico.clients.models import ClientAccount
from portico.core import uploads
from portico.documents.models import Document
from tests.portal_setup import client_user_on, media, portal_client  # noqa: F401  (media: autouse)

pytestmark = pytest.mark.django_db
LONG_STEM = "Declaración trimestral del IVA " * 10  # 310 characters


# --- The request body ---------------------------------------------------------------------------


def test_the_middleware_refuses_a_large_body_without_reading_it():
    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

    request = RequestFactory().post(
        "/clients/1/documents/upload/",
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(300 * uploads.MB),
        HTTP_ACCEPT_LANGUAGE="es",
    )
    request.META["wsgi.input"] = Unreadable()

    def view(request):
        raise AssertionError("the view ran")

    response = uploads.RequestSizeMiddleware(view)(request)
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("language", "text"), [("es", "Archivo demasiado grande"), ("fr", "Fichier trop volumineux")]
)
def test_a_body_above_the_limit_gets_a_translated_413(client_for, personas, language, text):
    client = client_for(personas.owner, language)
    response = client.post(
        reverse("documents:upload", args=[personas.account.pk]),
        data=b"x" * 10,
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(uploads.MAX_REQUEST_BYTES + 1),
    )
    assert response.status_code == 413
    assert text in response.content.decode()
    assert not Document.objects.exists()


def test_a_body_within_the_limit_goes_through(client_for, personas):
    response = client_for(personas.owner).post(
        reverse("documents:upload", args=[personas.account.pk]),
        {"file": SimpleUploadedFile("Modelo 303.pdf", b"%PDF-1.4 x")},
    )
    assert response.status_code == 302 and Document.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_300_mb_upload_is_answered_at_once_on_a_real_server(live_server, personas):
    """Over a socket: the headers and the first 64 KB of a 300 MB body get the 413 at once;
    the server does not wait for (nor store) the rest."""
    host, port = live_server.thread.host, live_server.thread.port
    path = reverse("portal:documents", args=[personas.account.pk])
    started = time.monotonic()
    with socket.create_connection((host, port), timeout=10) as conn:
        conn.sendall(
            (
                f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Language: fr\r\n"
                "Content-Type: multipart/form-data; boundary=xyz\r\n"
                f"Content-Length: {300 * uploads.MB}\r\n\r\n"
            ).encode()
            + b"x" * 65536
        )
        answer = conn.recv(65536).decode("utf-8", "replace")
    assert answer.startswith("HTTP/1.1 413"), answer[:200]
    assert time.monotonic() - started < 3


# --- Images: pixels counted from the header, before decoding ----------------------------------


def _png(size, mode="1"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def test_a_small_png_of_huge_dimensions_is_refused_before_decoding(
    client_for, personas, monkeypatch
):
    bomb = _png((6320, 6320))
    assert len(bomb) < 200 * 1024  # a small file of 39.9 million pixels…
    decoded = []
    load = ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda im: decoded.append(im) or load(im))
    response = client_for(personas.owner).post(
        reverse("clients:photo_upload", args=[personas.account.pk]),
        {"photo": SimpleUploadedFile("bomba.png", bomb, content_type="image/png")},
    )
    assert response.status_code == 400
    assert "more than 16 million pixels" in response.content.decode()
    assert decoded == []  # …refused from its header, never decoded
    assert not ClientAccount.objects.get(pk=personas.account.pk).photo


def test_a_photo_at_the_limit_is_accepted(client_for, personas):
    response = client_for(personas.owner).post(
        reverse("clients:photo_upload", args=[personas.account.pk]),
        {"photo": SimpleUploadedFile("grande.png", _png((4096, 4096)), content_type="image/png")},
    )
    assert response.status_code == 302
    assert ClientAccount.objects.get(pk=personas.account.pk).photo


def test_pillow_refuses_what_it_is_asked_to_decode_beyond_the_limit():
    assert Image.MAX_IMAGE_PIXELS == uploads.MAX_IMAGE_PIXELS


# --- File names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Modelo 303.pdf", "Modelo 303.pdf"),
        ("C:\\Users\\ana\\factura.pdf", "factura.pdf"),
        ("../../etc/passwd", "passwd"),
        ("", "file"),
        ("a" * 300 + ".xlsx", "a" * 195 + ".xlsx"),
        ("a" * 300, "a" * 200),
        ("a" * 150 + "." + "b" * 150, ("a" * 150 + "." + "b" * 150)[:200]),
    ],
)
def test_display_names_fit_and_keep_their_extension(name, expected):
    assert uploads.display_name(name) == expected


def test_a_300_character_document_name_keeps_its_extension(client_for, personas):
    name = LONG_STEM[:296] + ".pdf"
    client_for(personas.owner).post(
        reverse("documents:upload", args=[personas.account.pk]),
        {"file": SimpleUploadedFile(name, b"%PDF-1.4 x")},
    )
    document = Document.objects.get()
    assert document.name.endswith(".pdf") and len(document.name) <= 200
    assert document.file.name.endswith(".pdf")


def test_a_300_character_name_uploaded_in_the_portal_keeps_its_extension(personas):
    user, _ = client_user_on(personas.firm, personas.account)
    name = LONG_STEM[:295] + ".xlsx"
    response = portal_client(user).post(
        reverse("portal:documents", args=[personas.account.pk]),
        {"file": SimpleUploadedFile(name, b"PK\x03\x04 x")},
    )
    assert response.status_code == 302
    assert Document.objects.get().name.endswith(".xlsx")


def test_a_300_character_import_file_name_keeps_its_extension(client_for, personas):
    content = "fecha;comercio;importe\n03/11/2026;Panadería;3,20\n".encode()
    response = client_for(personas.manager).post(
        reverse("expenses:import", args=[personas.account.pk]),
        {"file": SimpleUploadedFile(LONG_STEM[:296] + ".csv", content)},
    )
    assert response.status_code == 200
    assert response.context["filename"].endswith(".csv")
    assert len(response.context["filename"]) <= 200

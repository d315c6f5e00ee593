"""Documents (W-1) on the firm's side, their announcement to the client, and the links that open
a shared document without signing in (A-8)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portico.core.models import HistoryEvent
from portico.documents.models import Document
from portico.messaging.models import EmailLog
from portico.portal.models import MagicLink, NotificationPreference, PortalSettings
from tests.factories import DocumentFactory, PortalSettingsFactory
from tests.portal_setup import (
    MAGIC,
    contact_on,
    media,  # noqa: F401  (an autouse fixture)
    token_in,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 modelo 303"


def upload_url(account):
    return reverse("documents:upload", args=[account.pk])


def post_document(client, account, shared=True, name="Modelo 303.pdf", content=PDF):
    data = {"file": SimpleUploadedFile(name, content)}
    if shared:
        data["shared"] = "on"
    return client.post(upload_url(account), data)


@pytest.mark.parametrize("who", ["owner", "admin", "accountant", "see_all", "manager"])
def test_staff_who_see_the_account_upload_and_download(client_for, personas, who):
    client = client_for(getattr(personas, who))
    response = post_document(client, personas.account, shared=False)
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.shared, document.uploaded_by_member) == (False, getattr(personas, who))
    assert not document.is_new  # the firm uploaded it
    url = reverse("documents:download", args=[personas.account.pk, document.pk])
    assert b"".join(client.get(url).streaming_content) == PDF
    workspace = client.get(reverse("clients:workspace", args=[personas.account.pk]))
    assert "Modelo 303.pdf" in workspace.content.decode()


@pytest.mark.parametrize("who", ["outsider", "foreign_owner", "client_user"])
def test_others_get_404_on_document_urls(client_for, personas, who):
    document = DocumentFactory(account=personas.account)
    client = client_for(getattr(personas, who))
    pk = personas.account.pk
    assert post_document(client, personas.account).status_code == 404
    assert client.get(reverse("documents:download", args=[pk, document.pk])).status_code == 404
    assert client.post(reverse("documents:share", args=[pk, document.pk])).status_code == 404
    assert Document.objects.count() == 1


def test_a_client_upload_is_new_until_someone_at_the_firm_opens_it(client_for, personas):
    document = DocumentFactory(account=personas.account, uploaded_by_client=personas.client_user)
    assert document.is_new
    client = client_for(personas.accountant)
    client.get(reverse("documents:download", args=[personas.account.pk, document.pk]))
    document.refresh_from_db()
    assert not document.is_new


def test_a_bad_upload_says_why_and_stores_nothing(client_for, personas):
    client = client_for(personas.owner, "es")
    response = post_document(client, personas.account, name="script.sh", content=b"rm -rf /")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "No se aceptan archivos de este tipo" in page
    assert not Document.objects.exists()


def shared_with_notice(client_for, personas, captured, **settings):
    """Rocío (Notify on) gets a notice when the firm shares a document; returns her email log."""
    PortalSettingsFactory(firm=personas.firm, **settings)
    email, _ = contact_on(personas.firm, personas.account, language="fr")
    with captured(execute=True):
        post_document(client_for(personas.accountant), personas.account)
    return email


def test_sharing_a_document_mails_a_link_that_opens_it_without_signing_in(
    client_for, personas, django_capture_on_commit_callbacks
):
    email = shared_with_notice(client_for, personas, django_capture_on_commit_callbacks)
    (log,) = EmailLog.objects.filter(template="document_shared")
    assert (log.to, log.language) == (email.email, "fr")
    assert "a partagé «\u00a0Modelo 303.pdf\u00a0»" in log.subject + log.body_text
    token = token_in(log.body_text, MAGIC)
    anonymous = Client()
    page = anonymous.get(reverse("portal:magic", args=[token]))
    assert page.status_code == 200 and "Modelo 303.pdf" in page.content.decode()
    download = anonymous.get(reverse("portal:magic_download", args=[token]))
    assert b"".join(download.streaming_content) == PDF
    assert MagicLink.objects.get().used_at is not None
    # a second share of the same document announces nothing again
    document = Document.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        document.shared = False
        document.save()
        client_for(personas.owner).post(
            reverse("documents:share", args=[personas.account.pk, document.pk]), {"shared": "on"}
        )
    assert EmailLog.objects.filter(template="document_shared").count() == 1


def magic_token():
    return token_in(EmailLog.objects.get(template="document_shared").body_text, MAGIC)


def test_a_revoked_link_is_refused(client_for, personas, django_capture_on_commit_callbacks):
    shared_with_notice(client_for, personas, django_capture_on_commit_callbacks)
    link = MagicLink.objects.get()
    owner = client_for(personas.owner)
    assert (
        client_for(personas.accountant)
        .post(reverse("access:revoke_link", args=[link.pk]))
        .status_code
        == 404
    )
    assert owner.post(reverse("access:revoke_link", args=[link.pk])).status_code == 302
    assert HistoryEvent.objects.filter(verb=HistoryEvent.Verb.MAGIC_LINK_REVOKED).exists()
    for name in ("portal:magic", "portal:magic_download"):
        response = Client().get(reverse(name, args=[magic_token()]))
        assert response.status_code == 410
        assert "Votre cabinet a révoqué ce lien." in response.content.decode()


def test_an_expired_or_no_longer_allowed_link_is_refused(
    client_for, personas, django_capture_on_commit_callbacks
):
    shared_with_notice(client_for, personas, django_capture_on_commit_callbacks)
    url = reverse("portal:magic", args=[magic_token()])
    PortalSettings.objects.filter(firm=personas.firm).update(magic_view_documents=False)
    assert "ne peut plus être ouvert sans connexion" in Client().get(url).content.decode()
    PortalSettings.objects.filter(firm=personas.firm).update(magic_view_documents=True)
    assert Client().get(url).status_code == 200
    MagicLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "Ce lien a expiré." in Client().get(url).content.decode()
    assert Client().get(url[:-3] + "zz/").status_code == 404


def test_no_link_when_the_firm_does_not_allow_it_and_no_email_when_muted(
    client_for, personas, django_capture_on_commit_callbacks
):
    shared_with_notice(
        client_for, personas, django_capture_on_commit_callbacks, magic_view_documents=False
    )
    log = EmailLog.objects.get(template="document_shared")
    assert "/portal/link/" not in log.body_text and "/portal/" in log.body_text
    assert not MagicLink.objects.exists()
    NotificationPreference.objects.create(
        email=log.account.links.get().contact.emails.get(), muted=["document_shared"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_document(client_for(personas.owner), personas.account, name="Otro.pdf")
    assert EmailLog.objects.filter(template="document_shared").count() == 1

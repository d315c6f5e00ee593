"""Helpers for portal tests: contacts with access, invitations and their links."""

import re

import pytest
from django.test import Client

from portico.messaging.models import EmailLog
from tests.factories import (
    AccountContactFactory,
    ContactEmailFactory,
    ContactFactory,
    EmailSwitchesFactory,
    PortalIdentityFactory,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded documents go to a throwaway folder (autouse where imported)."""
    settings.MEDIA_ROOT = tmp_path / "media"


ACTIVATION = re.compile(r"/portal/activate/([^/\s\"]+)/")
MAGIC = re.compile(r"/portal/link/([^/\s\"]+)/")


def contact_on(firm, *accounts, address="rocio@ferreteria.es", language="es", login=True):
    """A contact with one email linked to `accounts`, its Login switch as asked on each."""
    contact = ContactFactory(firm=firm, first_name="Rocío", last_name="Muñoz", language=language)
    email = ContactEmailFactory(contact=contact, email=address)
    links = []
    for account in accounts:
        link = AccountContactFactory(account=account, contact=contact)
        EmailSwitchesFactory(link=link, email=email, login=login, notify=True)
        links.append(link)
    return email, links


def client_user_on(firm, *accounts, **kwargs):
    """A client user who activated their access to `accounts`; returns (user, email)."""
    email, _ = contact_on(firm, *accounts, **kwargs)
    return PortalIdentityFactory(email=email).user, email


def portal_client(user, language="es"):
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def token_in(text, pattern=ACTIVATION):
    return pattern.search(text).group(1)


def activation_token(address):
    """The link of the latest invitation emailed to `address`, from the email log."""
    log = EmailLog.objects.filter(to=address, template="portal_invitation").latest("id")
    return token_in(log.body_text)

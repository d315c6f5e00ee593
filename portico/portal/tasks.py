"""Background work of the portal: sending queued invitations, announcing shared documents. Both
take ids and are safe to run twice."""

from django.conf import settings as django_settings
from django.db import transaction
from django.tasks import task
from django.urls import reverse

from portico.clients.models import EmailSwitches
from portico.core import recipients
from portico.core.retry import retry_locked
from portico.documents.models import Document
from portico.messaging import emails
from portico.portal import actions, queries
from portico.portal.models import NotificationEvent


@task
@retry_locked
def send_invitations(invitation_ids: list[int]) -> int:
    """Send a batch of queued invitations; each is claimed before its email is logged, so a
    batch run twice, or again after a crash half-way, sends every invitation once."""
    with emails.batched():
        return actions.send_all_queued(invitation_ids)


@task
@retry_locked
def notify_document_shared(document_id: int) -> int:
    """Tell the account's contact emails with Notify on (and this event not muted) that a
    document is shared with them, with a link to view it without signing in when the firm
    allows it (A-8). Claimed per document, so a second run sends nothing."""
    with transaction.atomic():
        claimed = Document.objects.filter(pk=document_id, shared=True, notified_at=None)
        document = claimed.select_related("account", "firm").select_for_update(of=("self",)).first()
        if document is None:
            return 0
        Document.objects.filter(pk=document.pk).update(notified_at=document.created_at)
        portal_settings = queries.settings_for(document.firm)
        notified = (
            EmailSwitches.objects.filter(link__account=document.account, notify=True)
            .filter(recipients.active_contact_emails("email__"))
            .select_related("email__contact", "email__notification_prefs")
            .order_by("email__email")
        )
        sent = set()
        for row in notified:
            email = row.email
            prefs = getattr(email, "notification_prefs", None)
            muted = prefs.muted if prefs else []
            if email.pk in sent or NotificationEvent.DOCUMENT_SHARED in muted:
                continue
            sent.add(email.pk)
            _send_notice(document, email, portal_settings)
        return len(sent)


def _send_notice(document, email, portal_settings):
    portal_link = django_settings.SITE_URL + reverse("portal:documents", args=[document.account_id])
    magic = actions.make_magic_link(email=email, document=document, portal_settings=portal_settings)
    emails.send(
        to=email.email,
        template="document_shared",
        language=email.contact.language,
        context={
            "contact": email.contact,
            "document": document,
            "firm": document.firm,
            "portal_link": portal_link,
            "magic_link": magic,
            "magic_days": portal_settings.magic_link_days,
        },
        firm=document.firm,
        account=document.account,
    )

"""Writes to documents: each runs in one transaction and records its History event."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from portico.core import rights, uploads
from portico.core.history import record
from portico.core.locking import lock
from portico.core.models import HistoryEvent
from portico.documents import signals
from portico.documents.models import Document

Verb = HistoryEvent.Verb


def _notify_shared(document):
    signals.document_shared.send(sender=Document, document=document)


@transaction.atomic
def upload_by_member(*, member, account, upload, content_type, shared):
    """A document the firm adds to the account; shared ones are announced to the client."""
    rights.require(member, None, account)
    document = Document.objects.create(
        firm=account.firm,
        account=account,
        file=upload,
        name=uploads.display_name(upload.name),
        content_type=content_type,
        size=upload.size,
        shared=shared,
        uploaded_by_member=member,
        seen_by_firm_at=timezone.now(),
    )
    record(
        actor=member.user,
        firm=account.firm,
        account=account,
        verb=Verb.DOCUMENT_UPLOADED,
        subject=document.name,
        after={"document": document.pk, "shared": shared},
    )
    if shared:
        _notify_shared(document)
    return document


@transaction.atomic
def upload_by_client(*, user, account, upload, content_type):
    """A document the client uploads in the portal: shared, and New for the firm."""
    document = Document.objects.create(
        firm=account.firm,
        account=account,
        file=upload,
        name=uploads.display_name(upload.name),
        content_type=content_type,
        size=upload.size,
        shared=True,
        uploaded_by_client=user,
    )
    record(
        actor=user,
        firm=account.firm,
        account=account,
        verb=Verb.DOCUMENT_UPLOADED,
        subject=document.name,
        after={"document": document.pk, "by_client": True},
    )
    return document


@transaction.atomic
def set_shared(*, member, document, shared):
    """Share or unshare; the document is read again under a lock, so a double click records
    (and announces) the change once."""
    rights.require(member, None, document)
    if document.uploaded_by_client_id and not shared:
        raise PermissionDenied  # the client's own upload stays visible to them
    lock(document)
    if document.shared == shared:
        return document
    document.shared = shared
    document.save(update_fields=["shared"])
    record(
        actor=member.user,
        firm=document.firm,
        account=document.account,
        verb=Verb.DOCUMENT_SHARING,
        subject=document.name,
        before={"shared": not shared},
        after={"shared": shared},
    )
    if shared:
        _notify_shared(document)
    return document


def mark_seen_by_firm(document):
    """Opened by someone at the firm: no longer New."""
    if document.seen_by_firm_at is None:
        document.seen_by_firm_at = timezone.now()
        Document.objects.filter(pk=document.pk, seen_by_firm_at=None).update(
            seen_by_firm_at=document.seen_by_firm_at
        )

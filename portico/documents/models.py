"""Documents of a client account (W-1): uploaded by the firm or by the client, shared with the
client or not, and marked New until someone at the firm has opened them."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portico.clients.models import ClientAccount
from portico.firms.models import Firm, Member


def document_path(document, filename):
    """A random name on disk: the client's file name is kept in `name`, never in a path."""
    return f"documents/{document.firm_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Document(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(ClientAccount, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    shared = models.BooleanField(_("shared with the client"), default=False)
    uploaded_by_member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_by_client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    seen_by_firm_at = models.DateTimeField(_("seen by the firm"), null=True, blank=True)
    # When the client was told it is shared: they are told once.
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["account", "-created_at"], name="document_account_time"),
            models.Index(fields=["account", "shared"], name="document_account_shared"),
            # Home's "documents new to the firm": the firm's unseen ones, newest first.
            models.Index(
                fields=["firm", "-created_at"],
                condition=models.Q(seen_by_firm_at=None),
                name="document_unseen",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_new(self) -> bool:
        """Unseen by the firm (P-3's New label)."""
        return self.seen_by_firm_at is None

    @property
    def uploaded_by(self):
        return self.uploaded_by_member or self.uploaded_by_client

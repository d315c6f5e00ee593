from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailLog(models.Model):
    """Every email Portico sends, kept whether or not the SMTP server took it (W-6).

    Its life: queued → sending (claimed by a worker, `claimed_at`) → sent, or failed (the
    retry job tries it again), or withheld (never sent: its recipient is deactivated, the
    reason in `last_error`). See docs/ARCHITECTURE.md, Email, for what a crash can do."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        WITHHELD = "withheld", _("Withheld")

    firm = models.ForeignKey(
        "firms.Firm", on_delete=models.CASCADE, null=True, blank=True, related_name="emails"
    )
    account = models.ForeignKey(
        "clients.ClientAccount",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
    )
    template = models.CharField(_("kind"), max_length=100)
    to = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=2)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    # Files sent with it, read from the default storage when delivered (an invoice's stored
    # PDF: what was sent is what is kept): [{"name": storage name, "filename", "type"}].
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("email log")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["account", "-created_at"], name="emaillog_account_time"),
            models.Index(fields=["status", "created_at"], name="emaillog_status_time"),
            # The firm's email log, newest first, keyset-paged (W-6).
            models.Index(fields=["firm", "-created_at", "-id"], name="emaillog_firm_time"),
        ]

    def __str__(self):
        return f"{self.to}: {self.subject}"

    @property
    def message_id(self) -> str:
        """The Message-ID header, derived from this row: every attempt at sending it carries
        the same one, so a duplicate delivery is recognisable as such by the recipient's mail
        system and by us. Shape: `<portico.ID.CREATED-µs@site-host>`."""
        host = urlsplit(settings.SITE_URL).hostname or "portico.invalid"
        created = int(self.created_at.timestamp() * 1_000_000)
        return f"<portico.{self.pk}.{created}@{host}>"


class SmsLog(models.Model):
    """Every text message Portico sends (an invoice's short notice with its link), kept with
    the backend that took it (messaging/sms.py): the default "log" backend only records it."""

    firm = models.ForeignKey(
        "firms.Firm", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    account = models.ForeignKey(
        "clients.ClientAccount", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to = models.CharField(_("to"), max_length=40)
    body = models.TextField(_("text"))
    backend = models.CharField(_("sent through"), max_length=40)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.to}: {self.body[:40]}"

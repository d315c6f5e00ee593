from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailLog(models.Model):
    """Every email Portico sends, kept whether or not the SMTP server took it (W-6)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

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
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("email log")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["account", "-created_at"], name="emaillog_account_time"),
            models.Index(fields=["status", "created_at"], name="emaillog_status_time"),
        ]

    def __str__(self):
        return f"{self.to}: {self.subject}"

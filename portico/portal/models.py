"""Portal access (A-1 … A-11): who signs in as which contact email, invitations, the firm's portal
settings, last logins per account, notification preferences and links that work without
signing in."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portico.clients.models import ClientAccount, ContactEmail
from portico.firms.models import Firm


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class PortalSettings(models.Model):
    """A firm's portal settings (A-8, A-10) and its test client account (A-11)."""

    class IdleTimeout(models.IntegerChoices):
        HALF_HOUR = 30, _("30 minutes")
        FOUR_HOURS = 240, _("4 hours")
        EIGHT_HOURS = 480, _("8 hours")

    firm = models.OneToOneField(
        Firm, on_delete=models.CASCADE, primary_key=True, related_name="portal_settings"
    )
    invitation_days = models.PositiveSmallIntegerField(
        _("invitations expire after (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    idle_minutes = models.PositiveSmallIntegerField(
        _("sign clients out after"), choices=IdleTimeout.choices, default=IdleTimeout.HALF_HOUR
    )
    magic_view_documents = models.BooleanField(
        _("view and download shared documents without signing in"), default=True
    )
    magic_link_days = models.PositiveSmallIntegerField(
        _("links without sign-in expire after (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    test_account = models.OneToOneField(
        ClientAccount,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="test_client_of",
    )

    class Meta:
        verbose_name = _("portal settings")
        verbose_name_plural = _("portal settings")

    def __str__(self):
        return str(self.firm)


class PortalIdentity(models.Model):
    """A portal user signs in as this contact email: made when they accept an invitation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_identities"
    )
    email = models.OneToOneField(
        ContactEmail, on_delete=models.CASCADE, related_name="portal_identity"
    )
    activated_at = models.DateTimeField(_("activated"), auto_now_add=True)

    class Meta:
        verbose_name = _("portal identity")
        verbose_name_plural = _("portal identities")

    def __str__(self):
        return f"{self.user} – {self.email}"


class InvitationBatch(models.Model):
    """One bulk send (A-4): what its progress indicator counts."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    total = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation batch")
        verbose_name_plural = _("invitation batches")

    def __str__(self):
        return f"{self.firm} {self.created_at:%Y-%m-%d %H:%M}"


class Invitation(models.Model):
    """An invitation to one contact email (A-2). At most one is live (queued or sent) per email:
    sending a new one replaces it, and only the live one's link works."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        CANCELLED = "cancelled", _("Cancelled")
        REPLACED = "replaced", _("Replaced")

    LIVE = (Status.QUEUED, Status.SENT)

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(ClientAccount, on_delete=models.CASCADE, related_name="invitations")
    email = models.ForeignKey(ContactEmail, on_delete=models.CASCADE, related_name="invitations")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    message = models.TextField(_("message"), blank=True)
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    batch = models.ForeignKey(
        InvitationBatch, on_delete=models.SET_NULL, null=True, related_name="invitations"
    )
    email_log = models.ForeignKey(
        "messaging.EmailLog", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                "email",
                condition=models.Q(status__in=["queued", "sent"]),
                name="invitation_one_live_per_email",
            )
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="invitation_status_time"),
            models.Index(fields=["email", "status"], name="invitation_email_status"),
        ]

    def __str__(self):
        return f"{self.email} ({self.status})"

    @property
    def is_expired(self) -> bool:
        return bool(
            self.status == self.Status.SENT and self.expires_at and self.expires_at < timezone.now()
        )


class PortalActivity(models.Model):
    """When a client last signed in to the portal on this account: what the Clients page shows,
    filters (never connected) and sorts by. A row exists only once someone has signed in."""

    account = models.OneToOneField(
        ClientAccount, on_delete=models.CASCADE, primary_key=True, related_name="portal_activity"
    )
    last_login = models.DateTimeField(_("last portal login"), db_index=True)

    class Meta:
        verbose_name = _("portal activity")
        verbose_name_plural = _("portal activity")

    def __str__(self):
        return f"{self.account}: {self.last_login}"


class NotificationEvent(models.TextChoices):
    """The events a contact email can be notified of (P-7, N-7)."""

    DOCUMENT_SHARED = "document_shared", _("A document is shared with me")
    INVOICE_SENT = "invoice_sent", _("An invoice is sent to me")  # billing.sending


class NotificationPreference(models.Model):
    """The events one contact email does not want to hear about; none muted by default."""

    email = models.OneToOneField(
        ContactEmail, on_delete=models.CASCADE, primary_key=True, related_name="notification_prefs"
    )
    muted = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.email)


class MagicLink(models.Model):
    """A signed, expiring, revocable link in an email that does one action without signing in
    (A-8). The nonce is in the signed token: revoking the row kills the link."""

    class Action(models.TextChoices):
        VIEW_DOCUMENT = "view_document", _("View and download a document")

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    email = models.ForeignKey(ContactEmail, on_delete=models.CASCADE, related_name="magic_links")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    document = models.ForeignKey(
        "documents.Document", on_delete=models.CASCADE, null=True, related_name="magic_links"
    )
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("link without sign-in")
        verbose_name_plural = _("links without sign-in")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["firm", "-created_at"], name="magic_link_firm_time")]

    def __str__(self):
        return f"{self.action} → {self.email}"


class PendingEmail(models.Model):
    """A contact email with Login on for some account and no portal identity yet (C-10): the
    set the Pending activation tab lists, kept by database triggers (portal/pending.py). No
    foreign-key constraints: the triggers drop the row when the email's switches go, in
    whichever order they are deleted. The table kept the name it had when the model lived in
    clients (portal 0003 moved only the model)."""

    email = models.OneToOneField(
        ContactEmail,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="pending",
    )
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, db_constraint=False, related_name="+")
    # The tab's sort keys, kept by the same triggers: the address, and the live invitation's
    # sending time (unsent: none yet, or no live invitation; those rows come first).
    address = models.CharField(max_length=254, default="")
    unsent = models.BooleanField(default=True)
    sent_at = models.DateTimeField(null=True)

    class Meta:
        db_table = "clients_pendingemail"
        verbose_name = _("pending email")
        verbose_name_plural = _("pending emails")
        indexes = [
            models.Index(
                fields=["firm", "-unsent", "sent_at", "address", "email"], name="pending_by_sent"
            ),
            models.Index(
                fields=["firm", "-unsent", "-sent_at", "address", "email"],
                name="pending_by_latest_sent",
            ),
        ]

    def __str__(self):
        return str(self.email_id)


class PendingTally(models.Model):
    """How many PendingEmail rows a firm has (the Pending activation tab's count and the Home
    card's), kept by the same triggers, so that reading it costs one row whatever the size of
    the firm."""

    firm = models.OneToOneField(Firm, on_delete=models.CASCADE, primary_key=True, related_name="+")
    pending_emails = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("pending tally")
        verbose_name_plural = _("pending tallies")

    def __str__(self):
        return f"{self.firm_id}: {self.pending_emails} pending"

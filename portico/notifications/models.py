"""Email digests (N-1 … N-4): who wants news of which client and how often, and which digests
went out, so that each is sent exactly once per member and period."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portico.clients.models import ClientAccount
from portico.firms.models import Member
from portico.messaging.models import EmailLog


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


class DigestSubscription(models.Model):
    """A member's Email switch on one client: on while the row exists."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="digests")
    account = models.ForeignKey(ClientAccount, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(
        _("frequency"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    send_empty = models.BooleanField(_("also when there is nothing new"), default=False)
    # The first local date a digest may be for: the Monday after the subscription (N-3).
    starts_on = models.DateField(_("starts on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")
        constraints = [
            models.UniqueConstraint("member", "account", name="digest_one_per_member_account")
        ]
        indexes = [models.Index(fields=["frequency", "starts_on"], name="digest_due")]

    def __str__(self):
        return f"{self.member} – {self.account} ({self.frequency})"


class DigestDelivery(models.Model):
    """One member's digest for one frequency and period, written in the same transaction as its
    email: the unique key is what makes a second run, or a concurrent one, send nothing."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(_("frequency"), max_length=8, choices=Frequency.choices)
    period = models.DateField(_("period"))  # the local date of the Monday (or day) it is for
    email = models.ForeignKey(
        EmailLog, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(
                "member", "frequency", "period", name="digest_once_per_member_period"
            )
        ]

    def __str__(self):
        return f"{self.member} {self.frequency} {self.period}"

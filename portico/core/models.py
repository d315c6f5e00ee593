from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Address(models.Model):
    """A postal address; `country` is an ISO 3166-1 alpha-2 code ("ES", "FR")."""

    street = models.CharField(_("street"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)

    class Meta:
        abstract = True

    @property
    def address_lines(self) -> list[str]:
        place = " ".join(p for p in (self.postal_code, self.city) if p)
        return [line for line in (self.street, place, self.region, self.country) if line]


class HistoryEvent(models.Model):
    """One recorded change (X-1): who did what to which account, and the values before and after."""

    class Verb(models.TextChoices):
        ACCOUNT_CREATED = "account.created", _("created the account")
        ACCOUNT_UPDATED = "account.updated", _("changed the account details")
        TEAM_ADDED = "team.added", _("added a team member")
        TEAM_REMOVED = "team.removed", _("removed a team member")
        TAGS_CHANGED = "tags.changed", _("changed the tags")
        CONTACT_CREATED = "contact.created", _("created a contact")
        CONTACT_UPDATED = "contact.updated", _("changed a contact")
        CONTACT_LINKED = "contact.linked", _("linked a contact")
        CONTACT_UNLINKED = "contact.unlinked", _("unlinked a contact")
        SWITCHES_CHANGED = "switches.changed", _("changed an email's switches")
        MEMBER_CHANGED = "member.changed", _("changed a member's rights")
        SIGNED_IN = "member.signed_in", _("signed in")
        REQUEST_ACCEPTED = "request.accepted", _("accepted a client's invitation")
        REQUEST_DECLINED = "request.declined", _("declined a client's invitation")
        # Expenses, digests and reminders (issue 5)
        EXPENSE_CREATED = "expense.created", _("added an expense")
        EXPENSE_UPDATED = "expense.updated", _("changed an expense")
        EXPENSES_IMPORTED = "expenses.imported", _("imported expenses")
        EXPENSES_EXPORTED = "expenses.exported", _("exported expenses")
        RECEIPT_ATTACHED = "receipt.attached", _("attached a receipt")
        WALLET_TOPPED_UP = "wallet.topped_up", _("topped up the wallet")
        DIGEST_CHANGED = "digest.changed", _("changed their email digest")
        ACCOUNTANTS_NOTIFIED = "accountants.notified", _("notified the accountants")
        # Portal access, invitations and documents (issue 4)
        INVITATION_SENT = "invitation.sent", _("sent a portal invitation")
        INVITATION_REPLACED = "invitation.replaced", _("replaced a portal invitation")
        INVITATION_CANCELLED = "invitation.cancelled", _("cancelled a portal invitation")
        INVITATION_ACCEPTED = "invitation.accepted", _("activated their portal access")
        PORTAL_SIGNED_IN = "portal.signed_in", _("signed in to the portal")
        PORTAL_SETTINGS_CHANGED = "portal.settings", _("changed the portal settings")
        NOTIFICATIONS_CHANGED = "notifications.changed", _("changed notification preferences")
        MAGIC_LINK_REVOKED = "magic_link.revoked", _("revoked a link without sign-in")
        DOCUMENT_UPLOADED = "document.uploaded", _("uploaded a document")
        DOCUMENT_SHARING = "document.sharing", _("changed a document's sharing")

    firm = models.ForeignKey("firms.Firm", on_delete=models.CASCADE, related_name="history")
    account = models.ForeignKey(
        "clients.ClientAccount",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="history",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    # Verbs are listed in Verb but not as field choices: adding one needs no migration.
    verb = models.CharField(_("what"), max_length=32)
    subject = models.CharField(
        _("about"), max_length=200, blank=True, help_text=_("Whom or what it concerns.")
    )
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("history event")
        verbose_name_plural = _("history events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["account", "verb", "-created_at"], name="history_account_verb"),
            models.Index(fields=["firm", "-created_at"], name="history_firm_time"),
            # The activity feed's member and kind filters, newest first.
            models.Index(fields=["firm", "actor", "-created_at"], name="history_firm_actor"),
            models.Index(fields=["firm", "verb", "-created_at"], name="history_firm_verb"),
        ]

    def __str__(self):
        return f"{self.actor} {self.verb_label} {self.subject}"

    @property
    def verb_label(self):
        """The verb in the active language ("added a team member"), as Verb or an app's
        registered HistoryVerb names it, or the raw verb if unknown."""
        from portico.core.registry import registry

        try:
            return self.Verb(self.verb).label
        except ValueError:
            return registry.verb_label(self.verb)


class ScheduledRun(models.Model):
    """One run of a scheduled job for one period: the unique key makes a double run a no-op."""

    job = models.CharField(max_length=100)
    period = models.CharField(max_length=64)
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [models.UniqueConstraint("job", "period", name="scheduled_run_once")]

    def __str__(self):
        return f"{self.job} {self.period}"

from django.db import models
from django.utils.translation import gettext_lazy as _

from portico.core.models import Address
from portico.core.text import fold
from portico.firms.models import Firm, Language, Member, initials_of


class Tag(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("name"), max_length=60)
    colour = models.CharField(_("colour"), max_length=7, default="#6c757d")

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [models.UniqueConstraint("firm", "name", name="tag_unique_name_per_firm")]

    def __str__(self):
        return self.name


class CustomField(models.Model):
    """A firm's own field on accounts or on contacts (P-6)."""

    class AppliesTo(models.TextChoices):
        ACCOUNT = "account", _("Account")
        CONTACT = "contact", _("Contact")

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        CHOICE = "choice", _("Choice")
        EMAIL = "email", _("Email")

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="custom_fields")
    applies_to = models.CharField(_("applies to"), max_length=8, choices=AppliesTo.choices)
    label = models.CharField(_("label"), max_length=100)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.TEXT)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        verbose_name = _("custom field")
        verbose_name_plural = _("custom fields")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint("firm", "applies_to", "label", name="custom_field_unique_label")
        ]

    def __str__(self):
        return self.label


NAME_KEY_LENGTH = 200


class ClientAccount(Address):
    """A client of the firm: a person, a company or something else (P-4)."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other")

    class Onboarding(models.TextChoices):
        """Where a client the firm invited stands; ACTIVE once verified (or never invited).
        ARCHIVED: a client who left, out of every tab, count, digest and search (C-11), its
        history kept; the tallies count only ACTIVE, so archiving needs no trigger of its own."""

        INVITED = "invited", _("Invited")
        DETAILS_SUBMITTED = "details_submitted", _("Details submitted")
        VERIFICATION = "verification", _("Verification")
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived")

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="accounts")
    name = models.CharField(_("name"), max_length=200)
    # The accent-folded name: what sorting by name and quick open use.
    name_key = models.CharField(max_length=NAME_KEY_LENGTH, editable=False, default="")
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.COMPANY)
    # NIF/NIE/CIF, SIREN/SIRET or EU VAT number in python-stdnum's compact form (core.taxids).
    tax_id = models.CharField(_("tax ID"), max_length=20, blank=True, default="")
    onboarding = models.CharField(
        _("onboarding step"), max_length=20, choices=Onboarding.choices, default=Onboarding.ACTIVE
    )
    photo = models.ImageField(_("photo"), upload_to="photos/%Y/%m/", blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="accounts", verbose_name=_("tags"))
    team = models.ManyToManyField(
        Member, through="TeamMembership", related_name="accounts", verbose_name=_("team")
    )
    custom_values = models.JSONField(_("custom fields"), default=dict, blank=True)
    # Accent-folded, lower-cased name, contact names and emails: what "Search clients" matches.
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The sort-index columns (clients/sort_keys.py): copies of a feature's per-account figure
    # (the expenses' missing receipts, the portal's last login) kept by that feature's triggers,
    # so that an index (firm, key, name_key, id, onboarding) serves the Clients page's sorts by
    # them; save() never writes them.
    sort_missing_receipts = models.IntegerField(null=True, editable=False)
    sort_last_login = models.DateTimeField(null=True, editable=False)
    # Switches of its contact emails with Login on (clients/tallies.py): active above zero (C-7).
    login_emails = models.IntegerField(default=0, editable=False)
    KEPT_BY_DATABASE = ("sort_missing_receipts", "sort_last_login", "login_emails")

    class Meta:
        verbose_name = _("client account")
        verbose_name_plural = _("client accounts")
        indexes = [
            # The Clients page's All and My clients in their sort orders, with the id and the
            # step (archived accounts are left out): the page's ids are read from the index
            # alone, however deep the page. The Onboarding tab's few accounts are found by their
            # step.
            models.Index(fields=["firm", "name_key", "id", "onboarding"], name="account_list_name"),
            models.Index(
                fields=["firm", "created_at", "id", "onboarding"], name="account_list_created"
            ),
            models.Index(fields=["firm", "onboarding"], name="account_firm_onboarding"),
            models.Index(fields=["firm", "tax_id"], name="account_tax_id"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # folding may lengthen a name ("æ" → "ae"): the key keeps to its column
        self.name_key = fold(self.name)[:NAME_KEY_LENGTH]
        fields = kwargs.get("update_fields")
        if fields is None and not self._state.adding:
            # the values the database keeps may be stale here: it may have changed them since
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.KEPT_BY_DATABASE
            ]
        elif fields is not None and "name" in fields:
            kwargs["update_fields"] = {*fields, "name_key"}
        super().save(*args, **kwargs)

    @property
    def initials(self) -> str:
        return initials_of(self.name)


class TeamMembership(models.Model):
    account = models.ForeignKey(ClientAccount, on_delete=models.CASCADE)
    member = models.ForeignKey(Member, on_delete=models.CASCADE)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint("account", "member", name="team_unique_member_per_account")
        ]
        indexes = [models.Index(fields=["member", "account"], name="team_member_account")]

    def __str__(self):
        return f"{self.member} – {self.account}"


class Contact(Address):
    """A person behind one or more accounts; their data is the same in every account (P-6)."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.SPANISH
    )
    custom_values = models.JSONField(_("custom fields"), default=dict, blank=True)
    # Folded names and emails: what Add contact's search matches (clients.actions keeps it).
    search_text = models.TextField(editable=False, default="")
    accounts = models.ManyToManyField(
        ClientAccount, through="AccountContact", related_name="contacts"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class AccountContact(models.Model):
    """The link of a contact to an account, with what differs per account (P-5)."""

    account = models.ForeignKey(ClientAccount, on_delete=models.CASCADE, related_name="links")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="links")
    description = models.CharField(_("description"), max_length=200, blank=True)
    signer_priority = models.PositiveSmallIntegerField(_("signer priority"), default=1)
    created_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        verbose_name = _("account contact")
        verbose_name_plural = _("account contacts")
        constraints = [
            models.UniqueConstraint("account", "contact", name="link_unique_contact_per_account")
        ]

    def __str__(self):
        return f"{self.contact} – {self.account}"


class ContactEmail(models.Model):
    """One of a contact's addresses: the primary one first, then additional ones."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="emails")
    email = models.EmailField(_("email"))
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        verbose_name = _("contact email")
        verbose_name_plural = _("contact emails")
        ordering = ["-is_primary", "email"]
        # Finding the contact of an address (the import's matching, New client's duplicate
        # warning, accepting a connection request): without it each lookup walks every contact
        # of the firm (6.4 s for 500 addresses at dataset M on SQLite).
        indexes = [models.Index(fields=["email"], name="contactemail_email")]
        constraints = [
            models.UniqueConstraint("contact", "email", name="email_unique_per_contact"),
            models.UniqueConstraint(
                "contact",
                condition=models.Q(is_primary=True),
                name="email_one_primary_per_contact",
            ),
        ]

    def __str__(self):
        return self.email


class EmailSwitches(models.Model):
    """What one contact email may do on one account: the switches of P-5 and signing (P-7).

    Access is per account (A-6), so the switches hang on the link, not on the email. A missing
    row means every switch is off.
    """

    link = models.ForeignKey(AccountContact, on_delete=models.CASCADE, related_name="switches")
    email = models.ForeignKey(ContactEmail, on_delete=models.CASCADE, related_name="switches")
    login = models.BooleanField(_("Login"), default=False)
    notify = models.BooleanField(_("Notify"), default=False)
    email_sync = models.BooleanField(_("Email sync"), default=False)
    signing_authority = models.BooleanField(_("signing authority"), default=True)

    class Meta:
        verbose_name = _("email switches")
        verbose_name_plural = _("email switches")
        constraints = [
            models.UniqueConstraint("link", "email", name="switches_unique_per_link_email")
        ]

    def __str__(self):
        return f"{self.email} – {self.link.account}"


class ConnectionRequest(models.Model):
    """A client who added the firm as their external accountant, waiting for the firm's answer
    (the Invitations tab, C-1)."""

    class Access(models.TextChoices):
        LIMITED = "limited", _("Limited")
        EXTENDED = "extended", _("Extended")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="connection_requests")
    client_name = models.CharField(_("client"), max_length=200)
    kind = models.CharField(
        _("type"), max_length=12, choices=ClientAccount.Kind.choices, default="company"
    )
    contact_first_name = models.CharField(_("first name"), max_length=100)
    contact_last_name = models.CharField(_("last name"), max_length=100, blank=True)
    contact_email = models.EmailField(_("email"))
    access = models.CharField(_("access level"), max_length=8, choices=Access.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    account = models.ForeignKey(
        ClientAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("connection request")
        verbose_name_plural = _("connection requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["firm", "status"], name="request_firm_status")]

    def __str__(self):
        return self.client_name


class FirmTally(models.Model):
    """Counts the Clients page shows on its tabs, kept by database triggers (clients/tallies.py),
    so that reading them costs one row whatever the size of the firm."""

    firm = models.OneToOneField(Firm, on_delete=models.CASCADE, primary_key=True, related_name="+")
    active_accounts = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("firm tally")
        verbose_name_plural = _("firm tallies")

    def __str__(self):
        return f"{self.firm_id}: {self.active_accounts} active"


class MemberTally(models.Model):
    """The active accounts on a member's team (My clients), kept like FirmTally."""

    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    active_accounts = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("member tally")
        verbose_name_plural = _("member tallies")

    def __str__(self):
        return f"{self.member_id}: {self.active_accounts} active"

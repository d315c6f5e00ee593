import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portico.core.models import Address


class UserManager(BaseUserManager):
    def create_user(self, email, password=None, **extra):
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        return self.create_user(email, password, is_staff=True, is_superuser=True, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: a firm's member (staff) or, later, a portal client."""

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("operator"), default=False, help_text=_("May use the Django admin.")
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return display_name(self.full_name, self.email)

    def get_full_name(self):
        return display_name(self.full_name, self.email)

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    FRENCH = "fr", _("French")


class Firm(Address):
    """A tenant: every record belongs to exactly one firm. Its tax id and address are what its
    invoices and emails show (F-6)."""

    name = models.CharField(_("name"), max_length=200)
    tax_id = models.CharField(
        _("tax id"),
        max_length=32,
        blank=True,
        help_text=_("NIF/CIF, SIREN/SIRET or EU VAT number."),
    )
    logo = models.ImageField(_("logo"), upload_to="logos/%Y/%m/", blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    language = models.CharField(
        _("default language"), max_length=2, choices=Language.choices, default=Language.SPANISH
    )
    require_two_factor = models.BooleanField(
        _("require two-step verification"),
        default=False,
        help_text=_("Every member must sign in with a code from an authenticator app."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("firm")
        verbose_name_plural = _("firms")

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Admin")
    ACCOUNTANT = "accountant", _("Accountant")


class Member(models.Model):
    """A user's place in a firm's staff, with the role and rights of F-2."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    can_see_all_accounts = models.BooleanField(_("see all accounts"), default=False)
    can_manage_accounts = models.BooleanField(_("manage accounts"), default=False)
    can_manage_billing = models.BooleanField(_("manage billing"), default=False)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        blank=True,
        help_text=_("Empty: the browser's language."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self):
        return str(self.user)

    @property
    def is_manager(self) -> bool:
        """Owners and admins hold every right."""
        return self.role in {Role.OWNER, Role.ADMIN}

    @property
    def sees_all_accounts(self) -> bool:
        return self.is_manager or self.can_see_all_accounts

    @property
    def manages_accounts(self) -> bool:
        return self.is_manager or self.can_manage_accounts

    @property
    def manages_billing(self) -> bool:
        return self.is_manager or self.can_manage_billing

    @property
    def initials(self) -> str:
        return initials_of(str(self.user))


def display_name(full_name: str, email: str) -> str:
    """How a user is named on screen: their full name, else their email."""
    return full_name or email


def initials_of(name: str) -> str:
    words = [w for w in name.replace("@", " ").replace(".", " ").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "?"


class ResetRequest(models.Model):
    """One request for a password-reset link (staff or portal), kept for the window in which such
    requests are counted per address and per IP (firms/throttle.py)."""

    email = models.EmailField(_("email"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")
        indexes = [
            models.Index(fields=["email", "requested_at"], name="reset_request_email"),
            models.Index(fields=["ip_address", "requested_at"], name="reset_request_ip"),
        ]

    def __str__(self):
        return self.email


def new_nonce() -> str:
    return secrets.token_hex(16)


class StaffInvitation(models.Model):
    """An invitation to join a firm's staff (F-2): the role, rights and language the new member
    gets. Its link (firms/tokens: the row and its nonce, signed) works once, until `expires_at`,
    and only while the invitation is pending; inviting the same address again replaces it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        CANCELLED = "cancelled", _("Cancelled")

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="staff_invitations")
    email = models.EmailField(_("email"))
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    can_see_all_accounts = models.BooleanField(_("see all accounts"), default=False)
    can_manage_accounts = models.BooleanField(_("manage accounts"), default=False)
    can_manage_billing = models.BooleanField(_("manage billing"), default=False)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")
        indexes = [models.Index(fields=["firm", "status"], name="staff_invitation_status")]

    def __str__(self):
        return self.email


class UserSession(models.Model):
    """One signed-in session of a member (My profile's active sessions): filled on sign-in,
    removed on sign-out; "sign out everywhere" and deactivation delete the sessions listed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("signed in"), auto_now_add=True)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"

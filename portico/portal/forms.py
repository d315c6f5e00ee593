"""Forms of the portal and of the firm's access pages. They check input; actions.py writes."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from portico.core import languages
from portico.core.ids import IdsField
from portico.firms.forms import SignInForm
from portico.messaging import emails
from portico.portal import queries
from portico.portal.models import NotificationEvent, PortalSettings

SWITCH_CHOICES = [
    ("", _("Leave as it is")),
    ("on", _("Enable for all contacts")),
    ("off", _("Disable for all contacts")),
]


class PortalSignInForm(SignInForm):
    """The portal's own sign-in (F-5): staff are sent to theirs."""

    error_messages = {
        **SignInForm.error_messages,
        "staff": _("This is the client portal. Staff sign in on the firm's sign-in page."),
    }
    portal = True

    def accept(self, user):
        if user is not None and hasattr(user, "member"):
            raise forms.ValidationError(self.error_messages["staff"], code="staff")
        if user is None or not queries.is_client_user(user):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return user


class NewPasswordForm(forms.Form):
    """Activation (A-2): the client chooses a password."""

    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email="", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class PortalPasswordResetForm(PasswordResetForm):
    """Password reset for client users, sent in their contact's language."""

    def get_users(self, email):
        """Active client users with portal access to at least one account (the rule the link
        is checked against again when used: views.ResetConfirmView)."""
        return [user for user in super().get_users(email) if queries.has_any_access(user)]

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        user = context["user"]
        identity = queries.identities(user).first()
        keys = ("protocol", "domain", "uid", "token", "user")
        emails.send(
            to=user.email,
            template="portal_password_reset",
            language=identity.email.contact.language,
            context={k: context[k] for k in keys},
            firm=identity.email.contact.firm,
        )


class InviteForm(forms.Form):
    message = forms.CharField(
        label=_("Custom message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional: it appears in the invitation email above the activation link."),
    )
    # When the page was shown: what was invited since is not invited twice (a double click).
    shown_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)


class AccessBulkForm(forms.Form):
    """The fields of Edit login, notify, email sync on the Clients page (A-4)."""

    login = forms.ChoiceField(label=_("Login"), choices=SWITCH_CHOICES, required=False)
    notify = forms.ChoiceField(label=_("Notify"), choices=SWITCH_CHOICES, required=False)
    email_sync = forms.ChoiceField(label=_("Email sync"), choices=SWITCH_CHOICES, required=False)
    invite = forms.BooleanField(label=_("Send invitations"), required=False)
    message = InviteForm.base_fields["message"]
    shown_at = InviteForm.base_fields["shown_at"]

    def switches(self) -> dict:
        names = ("login", "notify", "email_sync")
        return {n: self.cleaned_data[n] == "on" for n in names if self.cleaned_data.get(n)}

    def clean(self):
        data = super().clean()
        if not self.errors and not self.switches() and not data.get("invite"):
            raise forms.ValidationError(_("Choose a switch to change or tick Send invitations."))
        return data


class PendingActionForm(forms.Form):
    ACTIONS = [
        ("send", _("Send invitations to selected")),  # those never sent
        ("resend", _("Resend to selected")),  # those sent already
        ("cancel", _("Cancel invitations for selected")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    # any ids parse here; the query scopes them to the member's pending emails
    emails = IdsField(error_messages={"required": _("Select at least one email.")})
    shown_at = InviteForm.base_fields["shown_at"]


class NotificationPrefsForm(forms.Form):
    events = forms.MultipleChoiceField(
        label=_("Notify me when"),
        choices=NotificationEvent.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def muted(self) -> list[str]:
        wanted = set(self.cleaned_data["events"])
        return [value for value, _ in NotificationEvent.choices if value not in wanted]


class PortalSettingsForm(forms.ModelForm):
    class Meta:
        model = PortalSettings
        fields = ["invitation_days", "idle_minutes", "magic_view_documents", "magic_link_days"]


class ClientLanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=languages.choices)

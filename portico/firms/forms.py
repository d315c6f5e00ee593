from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portico.core import emails
from portico.core.tenancy import member_of
from portico.firms import signin
from portico.firms.models import Language


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        # One message for an unknown email and a wrong password: it must not tell which.
        "invalid": _("The email or the password is not right. Check both and try again."),
    }

    portal = False  # whose words the lockout message uses

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        email, password = self.cleaned_data.get("email"), self.cleaned_data.get("password")
        if email and password:
            user = authenticate(self.request, email=email, password=password)
            if user is None and getattr(self.request, "axes_locked_out", False):
                until = signin.locked_until(self.request, email) or timezone.now()
                message = signin.locked_message(self.request, until, portal=self.portal)
                raise forms.ValidationError(message, code="locked")
            self.user = self.accept(user)
        return self.cleaned_data

    def accept(self, user):
        """The user this sign-in lets in (a member), or a ValidationError."""
        if user is None or member_of(user) is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return user

    def get_user(self):
        return self.user


class StaffPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending through emails.send() in the member's language."""

    def get_users(self, email):
        return [user for user in super().get_users(email) if member_of(user)]

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        member = context["user"].member
        emails.send(
            to=to_email,
            template="password_reset",
            language=member.language or member.firm.language,
            context={k: context[k] for k in ("protocol", "domain", "uid", "token", "user")},
            firm=member.firm,
        )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=Language.choices)
    next = forms.CharField(required=False)


class CodeForm(forms.Form):
    """The second step of sign-in: a code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )


class SetupForm(forms.Form):
    code = forms.CharField(
        label=_("The code your app shows"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class DisableForm(forms.Form):
    secret = forms.CharField(
        label=_("Your password, or a code from your app"),
        strip=False,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class RequireTwoFactorForm(forms.Form):
    require_two_factor = forms.BooleanField(
        label=_("Require two-step verification for all staff"),
        required=False,
        help_text=_(
            "Members who have not set it up, you included, are asked to right after their "
            "password, and can do nothing else until they have."
        ),
    )

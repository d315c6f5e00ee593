from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from portico.core import emails
from portico.core.tenancy import member_of
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

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        email, password = self.cleaned_data.get("email"), self.cleaned_data.get("password")
        if email and password:
            user = authenticate(self.request, email=email, password=password)
            if user is None or member_of(user) is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            self.user = user
        return self.cleaned_data

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

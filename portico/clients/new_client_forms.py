"""Forms of the New client page (C-11) and of an account's status page (onboarding step,
archive, delete)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portico.clients.models import ClientAccount
from portico.clients.profile_forms import ADDRESS_FIELDS, AccountDetailsForm
from portico.core import ids, languages

CONTACT_ROWS = 3


class NewClientForm(AccountDetailsForm):
    """The account part: AccountDetailsForm's fields (name, type, address, tags, custom
    fields), its team, and whether it starts in Onboarding."""

    team = ids.ModelMultipleChoiceField(
        label=_("Team"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    onboarding = forms.BooleanField(
        label=_("Start in Onboarding"),
        required=False,
        help_text=_("The client waits in the Onboarding tab, at the Invited step."),
    )

    def __init__(self, *args, tags, fields, members, **kwargs):
        forms.Form.__init__(self, *args, **kwargs)
        self.fields["tags"].queryset = tags
        self.fields["team"].queryset = members
        self.fields["team"].label_from_instance = lambda m: str(m.user)
        self.add_custom_fields(fields, {})

    def details(self) -> dict:
        data = {f: self.cleaned_data[f] for f in ("name", "kind", *ADDRESS_FIELDS)}
        data["custom_values"] = self.custom_values()
        return data


class ContactRowForm(forms.Form):
    """One contact of the new client; a row left empty is skipped."""

    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=languages.choices)
    login = forms.BooleanField(
        label=_("Login"),
        required=False,
        help_text=_("Portal access: the invitation is sent from Pending activation."),
    )

    def has_content(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("first_name") or data.get("last_name") or data.get("email"))

    def clean(self):
        data = super().clean()
        if (data.get("last_name") or data.get("email")) and not (
            data.get("first_name") or ""
        ).strip():
            self.add_error("first_name", _("Give the contact a first name."))
        if data.get("login") and not data.get("email"):
            self.add_error("email", _("Login needs an email address."))
        if data.get("email"):
            data["email"] = data["email"].strip().lower()
        return data


class BaseContactRows(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        rows = [form for form in self.forms if form.has_content()]
        if not rows:
            raise forms.ValidationError(_("Add at least one contact."), code="no_contact")
        emails = [f.cleaned_data["email"] for f in rows if f.cleaned_data.get("email")]
        if len(emails) != len(set(emails)):
            raise forms.ValidationError(
                _("Two contacts have the same email. Give each its own, or one of them none."),
                code="same_email",
            )


ContactRows = forms.formset_factory(
    ContactRowForm,
    formset=BaseContactRows,
    extra=CONTACT_ROWS,
    max_num=CONTACT_ROWS,
    validate_max=True,
)


class OnboardingStepForm(forms.Form):
    step = forms.ChoiceField(
        label=_("Onboarding step"),
        choices=[
            (value, label)
            for value, label in ClientAccount.Onboarding.choices
            if value != ClientAccount.Onboarding.ARCHIVED
        ],
    )

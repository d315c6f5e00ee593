"""Forms of the client profile (P-4 … P-6). They check input; actions.py does the writing."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from portico.clients import photos
from portico.clients.models import ClientAccount, CustomField
from portico.core import ids, languages
from portico.core.forms import DateField, DecimalField

Kind = CustomField.Kind
ADDRESS_FIELDS = ("street", "postal_code", "city", "region", "country")
SWITCHES = ("login", "notify", "email_sync")


# --- Custom fields (P-6): defined per firm, for accounts or contacts ----------------------------


def custom_key(field):
    return f"custom_{field.pk}"


def custom_form_field(field):
    label, common = field.label, {"required": field.required}
    if field.kind == Kind.NUMBER:
        return DecimalField(label=label, max_digits=20, decimal_places=6, **common)
    if field.kind == Kind.DATE:
        return DateField(label=label, **common)
    if field.kind == Kind.CHOICE:
        choices = [("", "—"), *((c, c) for c in field.choices)]
        return forms.ChoiceField(label=label, choices=choices, **common)
    if field.kind == Kind.EMAIL:
        return forms.EmailField(label=label, **common)
    return forms.CharField(label=label, max_length=500, **common)


def stored_value(field, raw):
    """A custom value as kept in JSON (numbers and dates as ISO strings), typed for display."""
    if raw in (None, ""):
        return None
    try:
        if field.kind == Kind.NUMBER:
            return Decimal(str(raw))
        if field.kind == Kind.DATE:
            return datetime.date.fromisoformat(str(raw))
    except (InvalidOperation, ValueError):
        return str(raw)
    return raw


def custom_rows(fields, values):
    """(field, typed value or None) for each defined field, in the firm's order."""
    return [(f, stored_value(f, values.get(str(f.pk)))) for f in fields]


class CustomFieldsMixin:
    """Adds one form field per custom field and gives back the merged JSON values."""

    def add_custom_fields(self, fields, values):
        self.custom_fields = list(fields)
        for field in self.custom_fields:
            name = custom_key(field)
            self.fields[name] = custom_form_field(field)
            self.initial.setdefault(name, stored_value(field, values.get(str(field.pk))))
        self.old_custom_values = dict(values)

    def custom_values(self):
        """The old values with this form's fields replaced (emptied ones removed); values of
        fields the firm no longer defines are kept untouched."""
        values = dict(self.old_custom_values)
        for field in self.custom_fields:
            value = self.cleaned_data.get(custom_key(field))
            if value in (None, ""):
                values.pop(str(field.pk), None)
            elif isinstance(value, Decimal):
                values[str(field.pk)] = str(value.normalize())
            elif isinstance(value, datetime.date):
                values[str(field.pk)] = value.isoformat()
            else:
                values[str(field.pk)] = value
        return values

    def custom_bound_fields(self):
        return [self[custom_key(f)] for f in self.custom_fields]

    def standard_bound_fields(self):
        keys = {custom_key(f) for f in self.custom_fields}
        return [field for field in self.visible_fields() if field.name not in keys]


# --- Account ----------------------------------------------------------------------------------


class AccountDetailsForm(CustomFieldsMixin, forms.Form):
    name = forms.CharField(label=_("Account name"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=ClientAccount.Kind.choices)
    street = forms.CharField(label=_("Street"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        required=False,
        help_text=_("Two-letter code, for example ES or FR."),
    )
    tags = ids.ModelMultipleChoiceField(
        label=_("Tags"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, account, tags, fields, **kwargs):
        initial = {f: getattr(account, f) for f in ("name", "kind", *ADDRESS_FIELDS)}
        initial["tags"] = [t.pk for t in account.tags.all()]
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["tags"].queryset = tags
        self.add_custom_fields(fields, account.custom_values)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the account a name."), code="required")
        return name

    def clean_country(self):
        country = self.cleaned_data["country"].strip().upper()
        if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
            raise forms.ValidationError(_("Use a two-letter country code, for example ES."))
        return country

    def changes(self):
        data = {f: self.cleaned_data[f] for f in ("name", "kind", *ADDRESS_FIELDS)}
        data["custom_values"] = self.custom_values()
        return data


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_photo(self):
        return photos.reencode(self.cleaned_data["photo"])


class TeamForm(forms.Form):
    """Add one member to the team, or remove one from it."""

    add = ids.ModelChoiceField(label=_("Add a team member"), queryset=None, required=False)
    remove = ids.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, candidates, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["add"].queryset = candidates
        self.fields["remove"].queryset = team

    def clean(self):
        data = super().clean()
        if bool(data.get("add")) == bool(data.get("remove")) and not self.errors:
            raise forms.ValidationError(_("Choose a member to add."), code="required")
        return data


# --- Contacts ---------------------------------------------------------------------------------


class ContactForm(CustomFieldsMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    additional_emails = forms.CharField(
        label=_("Additional emails"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, or separated by commas."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=languages.choices)
    street = forms.CharField(label=_("Street"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    country = forms.CharField(label=_("Country"), max_length=2, required=False)

    clean_country = AccountDetailsForm.clean_country

    def __init__(self, *args, contact=None, fields=(), **kwargs):
        initial = kwargs.pop("initial", {})
        if contact is not None:
            emails = [e.email for e in contact.emails.all()]
            initial |= {f: getattr(contact, f) for f in ("first_name", "last_name", "phone")}
            initial |= {f: getattr(contact, f) for f in ("language", *ADDRESS_FIELDS)}
            initial |= {
                "email": emails[0] if emails else "",
                "additional_emails": "\n".join(emails[1:]),
            }
        super().__init__(*args, initial=initial, **kwargs)
        self.add_custom_fields(fields, contact.custom_values if contact else {})

    def clean_first_name(self):
        name = self.cleaned_data["first_name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the contact a first name."), code="required")
        return name

    def clean_additional_emails(self):
        raw = self.cleaned_data["additional_emails"]
        emails = [e.lower() for e in re.split(r"[\s,;]+", raw) if e]
        bad = []
        for address in emails:
            try:
                validate_email(address)
            except forms.ValidationError:
                bad.append(address)
        if bad:
            raise forms.ValidationError(
                _("Not a valid email address: %(emails)s"), params={"emails": ", ".join(bad)}
            )
        return emails

    def clean(self):
        data = super().clean()
        if data.get("additional_emails") and not data.get("email"):
            self.add_error("email", _("Enter the primary email before additional ones."))
        return data

    def emails(self):
        primary = (self.cleaned_data.get("email") or "").lower()
        return [primary, *self.cleaned_data["additional_emails"]] if primary else []

    def contact_fields(self):
        names = ("first_name", "last_name", "phone", "language", *ADDRESS_FIELDS)
        data = {f: self.cleaned_data[f] for f in names}
        data["custom_values"] = self.custom_values()
        return data


class NewContactForm(ContactForm):
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("Only for this account, for example “Managing director”."),
    )
    field_order = ["first_name", "last_name", "description"]


class LinkForm(forms.Form):
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("Only for this account, for example “Managing director”."),
    )
    signer_priority = forms.IntegerField(
        label=_("Signer priority"),
        min_value=1,
        max_value=99,
        help_text=_("The default signing order: 1 signs first."),
    )


class LinkExistingForm(forms.Form):
    contact = ids.ModelChoiceField(queryset=None)

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts


class SwitchForm(forms.Form):
    switch = forms.ChoiceField(choices=[(s, s) for s in SWITCHES])
    value = forms.ChoiceField(choices=[("on", "on"), ("off", "off")])

    def change(self):
        return {self.cleaned_data["switch"]: self.cleaned_data["value"] == "on"}

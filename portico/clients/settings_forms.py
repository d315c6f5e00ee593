"""Forms of the firm's tags and custom fields pages (settings, owners and admins)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from portico.clients.models import CustomField
from portico.core import ids

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_CHOICES = 50


class TagForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    colour = forms.CharField(
        label=_("Colour"),
        max_length=7,
        initial="#6c757d",
        widget=forms.TextInput(attrs={"type": "color"}),
    )

    def clean_colour(self):
        colour = self.cleaned_data["colour"].strip()
        if not COLOUR.match(colour):
            raise forms.ValidationError(_("Choose a colour, written like #1a7f37."))
        return colour.lower()


class MergeForm(forms.Form):
    target = ids.ModelChoiceField(
        label=_("Merge into"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose one of the firm's other tags.")},
    )

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = tags


class CustomFieldForm(forms.Form):
    applies_to = forms.ChoiceField(label=_("For"), choices=CustomField.AppliesTo.choices)
    label = forms.CharField(label=_("Label"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=CustomField.Kind.choices)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the Choice kind: one choice a line."),
    )
    required = forms.BooleanField(label=_("Required"), required=False)

    def clean(self):
        data = super().clean()
        lines = [line.strip() for line in (data.get("choices") or "").splitlines()]
        choices = list(dict.fromkeys(line for line in lines if line))
        if data.get("kind") == CustomField.Kind.CHOICE and not choices:
            self.add_error("choices", _("Write at least one choice, one a line."))
        if len(choices) > MAX_CHOICES:
            self.add_error("choices", _("At most 50 choices."))
        if any(len(choice) > 100 for choice in choices):
            self.add_error("choices", _("A choice is at most 100 characters long."))
        data["choices"] = choices
        return data


class CustomFieldChangeForm(CustomFieldForm):
    """Changing a field: its label, choices and whether it is required (not its kind)."""

    def __init__(self, *args, field, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["applies_to"]
        del self.fields["kind"]
        self.field = field

    def clean(self):
        self.cleaned_data["kind"] = self.field.kind
        return super().clean()

from django import forms
from django.utils.translation import gettext_lazy as _

from portico.clientbook import fields


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet of clients (CSV or Excel .xlsx)"), allow_empty_file=True
    )
    invite = forms.BooleanField(
        required=False, label=_("Send portal invitations to the imported contacts")
    )


class MappingForm(forms.Form):
    """Which field each column of the file is: one choice per header, "" to ignore it."""

    invite = forms.BooleanField(
        required=False, label=_("Send portal invitations to the imported contacts")
    )

    def __init__(self, data=None, *, header, mapping, custom_fields, invite=False):
        super().__init__(data, initial={"invite": invite})
        choices = [("", _("— Ignore this column —")), *fields.columns(custom_fields)]
        self.header = header
        for index, name in enumerate(header):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                choices=choices,
                required=False,
                label=name or _("Column %(number)s") % {"number": index + 1},
                initial=mapping[index] if index < len(mapping) else "",
            )

    def column_fields(self):
        return [self[f"column_{i}"] for i in range(len(self.header))]

    def clean(self):
        data = super().clean()
        chosen = [data.get(f"column_{i}", "") for i in range(len(self.header))]
        taken = [key for key in chosen if key]
        if len(taken) != len(set(taken)):
            raise forms.ValidationError(_("Each field can be chosen for one column only."))
        data["mapping"] = chosen
        return data

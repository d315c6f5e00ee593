from django import forms
from django.utils.translation import gettext_lazy as _

from portico.documents.files import ACCEPT, check_upload


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Document"),
        help_text=_("PDF, images, office documents or text files, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = check_upload(upload)
        return upload


class StaffUploadForm(UploadForm):
    shared = forms.BooleanField(label=_("Share with the client"), required=False)

"""What an uploaded document may be: a known type whose content matches its extension, not
empty, not too large. Everything else is refused with a message saying why."""

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from portico.core import uploads

MAX_BYTES = uploads.MAX_FILE_BYTES
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls
ZIP = b"PK\x03\x04"  # .docx, .xlsx, .odt, .ods
# extension -> (content type, the bytes the file starts with; None for plain text)
TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".webp": ("image/webp", (b"RIFF",)),
    ".doc": ("application/msword", (OLE,)),
    ".xls": ("application/vnd.ms-excel", (OLE,)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (ZIP,),
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    ".odt": ("application/vnd.oasis.opendocument.text", (ZIP,)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (ZIP,)),
    ".csv": ("text/csv", None),
    ".txt": ("text/plain", None),
}
ACCEPT = ",".join(TYPES)


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # a multi-byte character cut at the end of the sample is still text
        return error.start >= len(head) - 3
    return True


def check_upload(upload) -> str:
    """The content type of an acceptable upload; raises ValidationError otherwise."""
    extension = Path(upload.name or "").suffix.lower()
    if extension not in TYPES:
        raise forms.ValidationError(
            _(
                "Files of this type are not accepted. Upload a PDF, an image (JPEG, PNG, WebP), "
                "an office document or a text file."
            ),
            code="type",
        )
    if upload.size == 0:
        raise forms.ValidationError(_("This file is empty."), code="empty")
    uploads.check_size(upload, max_bytes=MAX_BYTES, message=_("This file is larger than %(size)s."))
    content_type, signatures = TYPES[extension]
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    matches = _is_text(head) if signatures is None else head.startswith(signatures)
    if not matches:
        raise forms.ValidationError(
            _("The content of this file does not match its %(extension)s extension."),
            params={"extension": extension},
            code="content",
        )
    return content_type

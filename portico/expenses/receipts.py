"""Receipts (E-3): an image or a PDF, recognised by its first bytes (never by its name or the
browser's word), at most 10 MB."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portico.core import uploads

MAX_BYTES = uploads.MAX_FILE_BYTES
SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]
TOO_BIG = _("The receipt is larger than 10 MB. Choose a smaller file.")
NOT_A_RECEIPT = _(
    "This file is not a PDF, JPEG, PNG or WebP file. Choose a receipt in one of these formats."
)


def sniff(head: bytes) -> str | None:
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def content_type_of(upload) -> str:
    """The upload's real type, or ValidationError with a message for the user."""
    uploads.check_size(upload, max_bytes=MAX_BYTES, message=TOO_BIG)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise ValidationError(NOT_A_RECEIPT, code="not_a_receipt")
    return content_type

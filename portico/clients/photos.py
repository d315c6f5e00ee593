"""Account photos (P-4): only real JPEG, PNG or WebP images, at most 5 MB, re-encoded by
core/images.py as a WebP of at most 512×512 pixels."""

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from portico.core import images

MAX_SIDE = 512
CONTENT_TYPE = "image/webp"

TOO_BIG = _("The photo is larger than 5 MB. Choose a smaller image.")
NOT_AN_IMAGE = _(
    "This file is not a JPEG, PNG or WebP image. Choose a photo in one of these formats."
)


def reencode(upload) -> ContentFile:
    """The uploaded photo as a fresh WebP, or ValidationError with a message for the user."""
    return images.reencode(
        upload,
        max_side=MAX_SIDE,
        prefix="account",
        quality=85,
        too_big=TOO_BIG,
        not_an_image=NOT_AN_IMAGE,
    )

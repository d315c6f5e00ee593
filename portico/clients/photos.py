"""Account photos (P-4): only real JPEG, PNG or WebP images, at most 5 MB, re-encoded here.

Whatever was uploaded is decoded and drawn again as a WebP of at most 512×512 pixels, so no
metadata (EXIF, GPS), no embedded script and no foreign format ever reaches the storage.
"""

import secrets
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 512
MAX_PIXELS = 40_000_000  # refuse "decompression bombs" before decoding them
FORMATS = ("JPEG", "PNG", "WEBP")
CONTENT_TYPE = "image/webp"

TOO_BIG = _("The photo is larger than 5 MB. Choose a smaller image.")
NOT_AN_IMAGE = _(
    "This file is not a JPEG, PNG or WebP image. Choose a photo in one of these formats."
)


def reencode(upload) -> ContentFile:
    """The uploaded file as a fresh WebP, or ValidationError with a message for the user."""
    if upload.size > MAX_BYTES:
        raise ValidationError(TOO_BIG, code="too_big")
    try:
        upload.seek(0)
        with Image.open(upload, formats=FORMATS) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(TOO_BIG, code="too_many_pixels")
            image.load()
            picture = _normalised(image)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
    out = BytesIO()
    picture.save(out, "WEBP", quality=85, method=4)
    return ContentFile(out.getvalue(), name=f"account-{secrets.token_hex(8)}.webp")


def _normalised(image):
    """Upright (EXIF orientation applied), within MAX_SIDE, in RGB or RGBA."""
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    return image

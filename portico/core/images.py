"""Pictures people upload (a firm's logo): only real JPEG, PNG or WebP images, re-encoded here.

Whatever was uploaded is decoded and drawn again as a WebP within a bounding box, so no metadata
(EXIF, GPS), no embedded script and no foreign format reaches the storage. The same rules as the
account photos (clients/photos.py)."""

import secrets
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from portico.core import uploads

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse "decompression bombs" before decoding them
FORMATS = ("JPEG", "PNG", "WEBP")

TOO_BIG = _("The image is larger than 5 MB. Choose a smaller image.")
NOT_AN_IMAGE = _(
    "This file is not a JPEG, PNG or WebP image. Choose an image in one of these formats."
)


def reencode(upload, *, max_side: int, prefix: str) -> ContentFile:
    """The uploaded file as a fresh WebP of at most `max_side` pixels a side, named
    `<prefix>-<random>.webp`; ValidationError with a message for the user when it is over
    MAX_BYTES or MAX_PIXELS, or not an image of FORMATS."""
    if upload.size > MAX_BYTES:
        raise ValidationError(TOO_BIG, code="too_big")
    try:
        upload.seek(0)
        with Image.open(upload, formats=FORMATS) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(TOO_BIG, code="too_many_pixels")
            with uploads.whole_images_only():
                image.load()
            picture = ImageOps.exif_transpose(image)
            has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
            picture = picture.convert("RGBA" if has_alpha else "RGB")
            picture.thumbnail((max_side, max_side))
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
    out = BytesIO()
    picture.save(out, "WEBP", quality=90, method=4)
    return ContentFile(out.getvalue(), name=f"{prefix}-{secrets.token_hex(8)}.webp")

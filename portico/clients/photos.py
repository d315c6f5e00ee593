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

from portico.core import uploads

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 512
MAX_PIXELS = uploads.MAX_IMAGE_PIXELS  # refused from the header, before decoding
FORMATS = ("JPEG", "PNG", "WEBP")
CONTENT_TYPE = "image/webp"

TOO_BIG = _("The photo is larger than 5 MB. Choose a smaller image.")
NOT_AN_IMAGE = _(
    "This file is not a JPEG, PNG or WebP image. Choose a photo in one of these formats."
)


def reencode(upload) -> ContentFile:
    """The uploaded file as a fresh WebP, or ValidationError with a message for the user."""
    uploads.check_size(upload, max_bytes=MAX_BYTES, message=TOO_BIG)
    try:
        with uploads.open_image(upload, formats=FORMATS, max_pixels=MAX_PIXELS) as image:
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # a JPEG decodes at 1/2…1/8 scale: less memory
            with uploads.whole_images_only():
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
    """Upright (EXIF orientation applied), within MAX_SIDE, in RGB or RGBA. Made small first
    (the box is square, so turning it afterwards fits the same), so that only one full-size
    copy of the pixels is ever held: converted when the mode needs it, shrunk in place."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if has_alpha else "RGB"
    if image.mode != mode:
        image = image.convert(mode)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    return ImageOps.exif_transpose(image)

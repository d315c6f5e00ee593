"""Pictures people upload (an account's photo, a firm's logo): only real JPEG, PNG or WebP
images, re-encoded here.

Whatever was uploaded is decoded and drawn again as a WebP within a square box, so no metadata
(EXIF, GPS), no embedded script and no foreign format reaches the storage. Size, pixel count and
whole-image checks are core/uploads.py's."""

import secrets
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from portico.core import uploads

MAX_BYTES = 5 * 1024 * 1024
FORMATS = ("JPEG", "PNG", "WEBP")

TOO_BIG = _("The image is larger than 5 MB. Choose a smaller image.")
NOT_AN_IMAGE = _(
    "This file is not a JPEG, PNG or WebP image. Choose an image in one of these formats."
)


def reencode(
    upload, *, max_side: int, prefix: str, quality=90, too_big=TOO_BIG, not_an_image=NOT_AN_IMAGE
) -> ContentFile:
    """The uploaded file as a fresh WebP of at most `max_side` pixels a side, named
    `<prefix>-<random>.webp`; ValidationError with `too_big` over MAX_BYTES, with uploads'
    message over its pixel limit (read from the header, before decoding), with `not_an_image`
    for anything that is not a whole image of FORMATS."""
    uploads.check_size(upload, max_bytes=MAX_BYTES, message=too_big)
    try:
        with uploads.open_image(upload, formats=FORMATS) as image:
            image.draft("RGB", (max_side, max_side))  # a JPEG decodes at 1/2…1/8 scale
            with uploads.whole_images_only():
                image.load()
            picture = _normalised(image, max_side)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(not_an_image, code="not_an_image") from None
    out = BytesIO()
    picture.save(out, "WEBP", quality=quality, method=4)
    return ContentFile(out.getvalue(), name=f"{prefix}-{secrets.token_hex(8)}.webp")


def _normalised(image, max_side):
    """Upright (EXIF orientation applied), within `max_side`, in RGB or RGBA. Made small first
    (the box is square, so turning it afterwards fits the same), so that only one full-size
    copy of the pixels is ever held: converted when the mode needs it, shrunk in place."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if has_alpha else "RGB"
    if image.mode != mode:
        image = image.convert(mode)
    image.thumbnail((max_side, max_side))
    return ImageOps.exif_transpose(image)

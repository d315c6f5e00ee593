"""Every upload goes through here (issue 15, fault 4): account photos, documents (firm and
portal), receipts and expense imports.

- **The request body** is refused from its `Content-Length` before a byte of it is read:
  `RequestSizeMiddleware` answers a translated 413 page for anything above MAX_REQUEST_BYTES (the
  largest upload Portico accepts plus room for the form around it), so a 300 MB upload never
  streams to disk nor holds a worker. Django's own DATA_UPLOAD_MAX_MEMORY_SIZE limits the
  non-file fields; the body is never longer than its Content-Length (Django reads no further).
- **Each file** is refused above its own limit with a message (`check_size`).
- **Images** that are decoded (photos) are refused above MAX_IMAGE_PIXELS from the size in
  their header, before decoding (`open_image`): a 150 KB PNG of 6,320 × 6,320 px would take
  half a gigabyte once decoded. Pillow's own guard (`Image.MAX_IMAGE_PIXELS`) is set to the
  same figure, so nothing else decodes a bigger one.
- **File names** are kept for people to read within the column's length by shortening the
  stem, never the extension (`display_name`); on disk files get random names.
"""

import warnings
from contextlib import contextmanager
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile

from portico.core import errors

MB = 1024 * 1024
MAX_FILE_BYTES = 10 * MB  # the largest file any form takes (documents, receipts)
MAX_REQUEST_BYTES = MAX_FILE_BYTES + 1 * MB  # that file and the form around it
MAX_IMAGE_PIXELS = 4096 * 4096  # 16.8 megapixels: a 12 MP phone photo fits, a bomb does not
NAME_LENGTH = 200  # the name columns of uploaded files (Document.name, imports' file names)

Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS  # Pillow warns above it and refuses above twice it


class RequestSizeMiddleware:
    """Answers 413, with a page in the user's language, to a request whose Content-Length is
    above MAX_REQUEST_BYTES — before anything (CSRF included) reads its body. Placed right
    after LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if declared_length(request) > MAX_REQUEST_BYTES:
            return too_large(request)
        return self.get_response(request)


def declared_length(request) -> int:
    """The request's Content-Length in bytes (0 when absent or not a number)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def too_large(request):
    """The 413 page, in the asker's layout and language (core/errors.py): nothing was saved,
    and the largest file Portico takes."""
    return errors.too_large(request, filesizeformat(MAX_FILE_BYTES))


def check_size(upload, *, max_bytes: int, message) -> None:
    """Raises ValidationError(`message`, code "too_big") when the upload is above `max_bytes`
    (`message` may use %(size)s for the limit, written like "10 MB")."""
    if upload.size > max_bytes:
        raise ValidationError(message, code="too_big", params={"size": filesizeformat(max_bytes)})


TOO_MANY_PIXELS = _("This image has more than %(megapixels)s million pixels. Choose a smaller one.")


def open_image(upload, *, formats, max_pixels: int = MAX_IMAGE_PIXELS):
    """The upload opened by Pillow — its header read, nothing decoded yet — when it is one of
    `formats` and has at most `max_pixels` pixels; use it as a context manager. Raises
    ValidationError (code "too_many_pixels", the limit in megapixels) for a bigger image, and
    lets Pillow's errors for what is not an image of those formats through
    (UnidentifiedImageError, OSError…)."""
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload, formats=formats)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(max_pixels) from None
    if image.width * image.height > max_pixels:
        image.close()
        raise _too_many_pixels(max_pixels)
    return image


@contextmanager
def whole_images_only():
    """Decode inside this block to refuse a truncated image (a broken upload) with OSError.
    WeasyPrint, once imported, sets Pillow's process-wide LOAD_TRUNCATED_IMAGES, with which a
    cut-off PNG would decode as a half-grey picture and be stored."""
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _too_many_pixels(max_pixels):
    return ValidationError(
        TOO_MANY_PIXELS, code="too_many_pixels", params={"megapixels": max_pixels // 1_000_000}
    )


def display_name(name: str, max_length: int = NAME_LENGTH) -> str:
    """The uploaded file's own name (its last path part) within `max_length` characters: a
    longer one loses the end of its stem, never its extension ("…a very long na.pdf"). An
    extension itself longer than a fifth of the room is treated as part of the stem."""
    name = PurePath((name or "").replace("\\", "/")).name.strip() or "file"
    if len(name) <= max_length:
        return name
    suffix = PurePath(name).suffix
    if not suffix or len(suffix) > max_length // 5:
        return name[:max_length]
    return name[: max_length - len(suffix)].rstrip(" .") + suffix


def read_limited(upload, max_bytes: int) -> bytes:
    """At most `max_bytes` + 1 bytes of the upload, so the caller can tell "too large" without
    reading all of an oversized file into memory."""
    upload.seek(0)
    return upload.read(max_bytes + 1)

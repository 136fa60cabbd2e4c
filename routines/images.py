"""Checks and resizing for images editors upload.

Pillow decides whether a file is really an image; the browser's file name and type are not trusted.
"""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SIDE_PX = 4000
STORED_WIDTH_PX = 1200
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_image_upload(file):
    """Refuse anything that is not a real image of an allowed format, at most 5 MB and 4000 px a side."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The image is too large: at most 5 MB, please."), code="too_large")
    # Pillow reads lazily; a file already saved in storage may be closed, so reopen it when needed.
    position = file.tell() if hasattr(file, "tell") and not getattr(file, "closed", False) else None
    try:
        file.open()
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError, ValueError):
        raise ValidationError(
            _("This file is not an image we can use. Upload a JPEG, PNG, WebP or GIF picture."), code="not_image"
        ) from None
    finally:
        if position is not None:
            file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(_("Upload a JPEG, PNG, WebP or GIF picture."), code="format")
    if width > MAX_SIDE_PX or height > MAX_SIDE_PX:
        raise ValidationError(
            _("The image is too big: at most %(px)s pixels on each side, please.") % {"px": MAX_SIDE_PX},
            code="too_many_pixels",
        )


def resized_upload(upload, width=STORED_WIDTH_PX):
    """Return the upload shrunk to at most `width` pixels wide, without its metadata."""
    upload.seek(0)
    with Image.open(upload) as image:
        image_format = image.format
        image.load()
        if image.width > width:
            image.thumbnail((width, width * 10))
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        out = BytesIO()
        # Saving a fresh copy drops EXIF and other metadata (camera, location).
        image.save(out, format=image_format, **({"quality": 85} if image_format in ("JPEG", "WEBP") else {}))
    size = out.tell()
    out.seek(0)
    return InMemoryUploadedFile(out, None, upload.name, getattr(upload, "content_type", None), size, None)

"""Checks and conversion for images editors upload.

Pillow decides whether a file is really an image; the browser's file name and type are not trusted.
An illustration for a routine or a step is stored as two files, both re-encoded from the pixels so that
no metadata of the original survives (EXIF: camera, location; XMP; comments):

    steps/tummy-1a2b3c4d.jpg.webp   what the ImageField stores and browsers with WebP are served
    steps/tummy-1a2b3c4d.jpg        the fallback next to it: JPEG, or PNG when the picture has transparency

The fallback's name is the stored name without ".webp", so a page finds it without asking the storage.
The uploaded original is never written anywhere.
"""

import secrets
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SIDE_PX = 4000
STORED_WIDTH_PX = 1200
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
FALLBACK_SUFFIXES = (".jpg.webp", ".png.webp")

# Pillow's own guard against decompression bombs starts at about 89 million pixels; nothing we accept is
# bigger than 4000 x 4000, so anything above that is refused before its pixels are decoded. Pillow warns
# between this limit and twice it and raises above; validate_image_upload turns both into a form error.
Image.MAX_IMAGE_PIXELS = MAX_SIDE_PX * MAX_SIDE_PX

NOT_AN_IMAGE = _("This file is not an image we can use. Upload a JPEG, PNG, WebP or GIF picture.")


def _too_many_pixels():
    return ValidationError(
        _("The image is too big: at most %(px)s pixels on each side, please."),
        code="too_many_pixels", params={"px": MAX_SIDE_PX},
    )


def validate_image_upload(file):
    """Refuse anything that is not a real image of an allowed format, at most 5 MB and 4000 px a side.

    Only the header is read (Image.open is lazy), so a decompression bomb is refused by its declared size
    before any of its pixels are decoded.
    """
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The image is too large: at most 5 MB, please."), code="too_large")
    # Pillow reads lazily; a file already saved in storage may be closed, so reopen it when needed.
    position = file.tell() if hasattr(file, "tell") and not getattr(file, "closed", False) else None
    try:
        file.open()
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                width, height = image.size
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(NOT_AN_IMAGE, code="not_image") from None
    finally:
        if position is not None:
            file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(_("Upload a JPEG, PNG, WebP or GIF picture."), code="format")
    if width > MAX_SIDE_PX or height > MAX_SIDE_PX:
        raise _too_many_pixels()


@dataclass(frozen=True)
class ConvertedImage:
    """An upload re-encoded for storage: the WebP for the ImageField, and the fallback's bytes."""

    webp: InMemoryUploadedFile
    fallback: bytes


def webp_with_fallback(upload, width=STORED_WIDTH_PX):
    """Re-encode a checked upload as a WebP at most `width` px wide, plus its JPEG or PNG fallback.

    The photo is turned upright first (phones record the rotation in EXIF, which is dropped), its colours
    are converted to sRGB, and only the pixels are kept. Raises ValidationError if the pixels cannot be
    decoded (a truncated or damaged file that passed the header checks).
    """
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as original:
                original.seek(0)  # the first frame of an animated GIF or WebP
                original.load()
                image = _upright_srgb(original)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(NOT_AN_IMAGE, code="not_image") from None

    transparent = _has_transparency(image)
    image = image.convert("RGBA" if transparent else "RGB")
    if image.width > width:
        image = image.resize((width, max(1, round(image.height * width / image.width))), Image.Resampling.LANCZOS)
    image.info.clear()  # Pillow only writes metadata it is given; keep nothing around to be given

    webp = BytesIO()
    image.save(webp, format="WEBP", quality=82, method=5)
    fallback = BytesIO()
    if transparent:
        image.save(fallback, format="PNG", optimize=True)
    else:
        image.save(fallback, format="JPEG", quality=85, optimize=True, progressive=True)

    stem = slugify(PurePosixPath(upload.name or "").stem)[:40] or "image"
    # A random part keeps each upload's pair of names its own, so a fallback never lands on another file.
    name = f"{stem}-{secrets.token_hex(4)}.{'png' if transparent else 'jpg'}.webp"
    size = webp.tell()
    webp.seek(0)
    return ConvertedImage(
        webp=InMemoryUploadedFile(webp, "image", name, "image/webp", size, None), fallback=fallback.getvalue()
    )


def _upright_srgb(image):
    image = ImageOps.exif_transpose(image)
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(BytesIO(icc))
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            image = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: keep the pixels as they are, slightly off in colour at worst
    return image


def _has_transparency(image):
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA"):
        return image.getchannel("A").getextrema()[0] < 255
    return False


def fallback_name(name):
    """The fallback stored next to a converted WebP, or None for an image stored before conversion."""
    if name and name.endswith(FALLBACK_SUFFIXES):
        return name.removesuffix(".webp")
    return None


def fallback_url(image):
    """URL of the fallback of an ImageField's file, or None (no storage access: the name says it all)."""
    name = fallback_name(image.name)
    return image.storage.url(name) if name else None


def save_fallback(image, data):
    """Write the fallback next to the WebP an ImageField has just stored."""
    name = fallback_name(image.name)
    if name:
        image.storage.save(name, ContentFile(data))

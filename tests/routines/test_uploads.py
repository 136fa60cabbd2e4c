"""Editors upload a photo or drawing for a routine or a step: checked by Pillow, stored as a resized WebP with a
JPEG or PNG fallback, stripped of EXIF; the original is never stored, and anything else is a clear form error."""

import os
import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from routines.models import Clinic, Routine, Step
from tests.factories import make_routine
from tests.routines.admin_pages import in_english
from tests.routines.test_admin import routine_post

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
CAMERA_MAKE, CAMERA_MODEL, ORIENTATION = 0x010F, 0x0110, 0x0112


@pytest.fixture
def media(settings, tmp_path):
    """An empty media folder for this test, so it can see every file an upload leaves behind."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def editor(client):
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.com", "pw"))
    return client


def stored_files(media):
    return sorted(str(p.relative_to(media)) for p in Path(media).rglob("*") if p.is_file())


def photo(width=2400, height=1600, orientation=None):
    """A JPEG as a phone writes it: camera make and model, GPS position and the rotation in EXIF."""
    exif = Image.Exif()
    exif[CAMERA_MAKE] = "PhoneMaker"
    exif[CAMERA_MODEL] = "Pocket 12"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 22.0, 1.5), 3: "E", 4: (4.0, 53.0, 2.5)})
    if orientation:
        exif[ORIENTATION] = orientation
    buffer = BytesIO()
    Image.new("RGB", (width, height), (200, 150, 120)).save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def drawing_with_transparency(side=800):
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    image.paste((30, 90, 160, 255), (200, 200, 600, 600))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def noisy_png(side=1500):
    """A real picture that does not compress: over 5 MB while under 4000 px a side."""
    buffer = BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG", compress_level=0)
    return buffer.getvalue()


def png_of_size(width, height):
    """A valid black-and-white PNG of any declared size that stays tiny on disk: rows of zeros compress to
    almost nothing. Tens of thousands of pixels a side make it a decompression bomb."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then 1 bit a pixel
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def bmp():
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (1, 2, 3)).save(buffer, "BMP")
    return buffer.getvalue()


def post_routine(editor, routine, **files):
    data = in_english(Routine, routine_post(routine, list(routine.steps.all())), steps=Step)
    return editor.post(reverse("admin:routines_routine_change", args=[routine.pk]), {**data, **files})


def test_a_photo_is_stored_as_a_smaller_webp_and_jpeg_without_camera_or_location(editor, media):
    routine = make_routine(steps=1)
    upload = SimpleUploadedFile("Tummy time.jpg", photo(), content_type="image/jpeg")
    assert post_routine(editor, routine, image=upload).status_code == 302
    routine.refresh_from_db()

    webp, fallback = Path(routine.image.path), Path(routine.image.path.removesuffix(".webp"))
    assert routine.image.name.startswith("routines/tummy-time-") and webp.name.endswith(".jpg.webp")
    assert stored_files(media) == sorted(str(p.relative_to(media)) for p in (webp, fallback))  # no original
    for path, image_format in ((webp, "WEBP"), (fallback, "JPEG")):
        with Image.open(path) as stored:
            assert (stored.format, stored.size) == (image_format, (1200, 800))
            assert not stored.getexif()
            assert not {"exif", "xmp", "icc_profile"} & set(stored.info)
        raw = path.read_bytes()
        assert b"PhoneMaker" not in raw and b"Pocket 12" not in raw


def test_a_photo_taken_sideways_is_stored_upright(editor, media):
    """Phones store the rotation in EXIF; with EXIF gone, the pixels themselves must be turned."""
    routine = make_routine(steps=1)
    upload = SimpleUploadedFile("side.jpg", photo(1600, 1200, orientation=6), content_type="image/jpeg")
    post_routine(editor, routine, image=upload)
    routine.refresh_from_db()
    with Image.open(routine.image.path) as stored:
        assert stored.size == (1200, 1600)


def test_a_small_picture_is_not_enlarged(editor, media):
    routine = make_routine(steps=1)
    post_routine(editor, routine, image=SimpleUploadedFile("small.jpg", photo(640, 480), content_type="image/jpeg"))
    routine.refresh_from_db()
    with Image.open(routine.image.path) as stored:
        assert stored.size == (640, 480)


def test_a_drawing_with_transparency_keeps_it_in_a_png_fallback(editor, media):
    routine = make_routine(steps=1)
    upload = SimpleUploadedFile("arrow.png", drawing_with_transparency(), content_type="image/png")
    post_routine(editor, routine, image=upload)
    routine.refresh_from_db()
    assert routine.image.name.endswith(".png.webp")
    for path in (routine.image.path, routine.image.path.removesuffix(".webp")):
        with Image.open(path) as stored:
            assert stored.mode == "RGBA"
            assert stored.getpixel((10, 10))[3] == 0 and stored.getpixel((400, 400))[3] == 255


def test_a_step_image_gets_the_same_treatment(editor, media):
    routine = make_routine(steps=2)
    upload = SimpleUploadedFile("hands.jpg", photo(), content_type="image/jpeg")
    assert post_routine(editor, routine, **{"steps-1-image": upload}).status_code == 302
    first, second = routine.steps.all()
    assert not first.image
    assert second.image.name.startswith("steps/hands-") and second.image.name.endswith(".jpg.webp")
    with Image.open(second.image.path.removesuffix(".webp")) as fallback:
        assert fallback.size == (1200, 800) and not fallback.getexif()


def test_saving_again_without_a_new_file_keeps_the_stored_image(editor, media):
    routine = make_routine(steps=1)
    post_routine(editor, routine, image=SimpleUploadedFile("a.jpg", photo(), content_type="image/jpeg"))
    routine.refresh_from_db()
    name, files = routine.image.name, stored_files(media)
    assert post_routine(editor, routine, title_en="Renamed").status_code == 302
    routine.refresh_from_db()
    assert (routine.title, routine.image.name, stored_files(media)) == ("Renamed", name, files)


@pytest.mark.parametrize("name,data,message", [
    ("notes.jpg", b"this is a text file, not a picture", "This file is not an image we can use."),
    ("huge.png", noisy_png(), "The image is too large: at most 5 MB, please."),
    ("wide.jpg", photo(4100, 100), "The image is too big: at most 4000 pixels on each side, please."),
    ("square.png", png_of_size(4500, 4500), "The image is too big: at most 4000 pixels on each side, please."),
    ("bomb.png", png_of_size(20000, 20000), "The image is too big: at most 4000 pixels on each side, please."),
    ("cut-off.jpg", photo()[:len(photo()) // 2], "This file is not an image we can use."),
    ("paint.bmp", bmp(), "Upload a JPEG, PNG, WebP or GIF picture."),
], ids=["text-renamed-jpg", "over-5-mb", "over-4000-px", "over-pillow-warning", "decompression-bomb",
        "truncated", "bmp"])
def test_bad_uploads_are_refused_with_a_message_and_leave_nothing_behind(editor, media, name, data, message):
    routine = make_routine(steps=1)
    response = post_routine(editor, routine, image=SimpleUploadedFile(name, data, content_type="image/jpeg"))
    assert response.status_code == 200
    assert message in response.content.decode()
    routine.refresh_from_db()
    assert not routine.image
    assert stored_files(media) == []


def test_a_bad_step_image_is_refused_on_its_own_step(editor, media):
    routine = make_routine(steps=1)
    upload = SimpleUploadedFile("notes.jpg", b"not a picture", content_type="image/jpeg")
    response = post_routine(editor, routine, **{"steps-0-image": upload})
    assert response.status_code == 200
    assert "This file is not an image we can use." in response.content.decode()
    assert stored_files(media) == []


def test_the_decompression_bomb_really_is_one():
    """The bomb above is a few kilobytes on disk that would decode to 400 million pixels."""
    data = png_of_size(20000, 20000)
    assert len(data) < 200_000
    with pytest.raises(Image.DecompressionBombError):
        Image.open(BytesIO(data))


def test_the_routine_page_serves_the_webp_with_its_fallback_and_words(client, media):
    routine = make_routine(steps=2, title="Tummy")
    routine.image.save("tummy-0a1b2c3d.jpg.webp", ContentFile(b"webp"), save=True)
    step = routine.steps.first()
    step.diagram = "stomach-clockwise"
    step.image.save("hands-0a1b2c3d.png.webp", ContentFile(b"webp"), save=True)
    page = client.get(routine.get_absolute_url()).content.decode()
    assert ('<picture><source srcset="/media/routines/tummy-0a1b2c3d.jpg.webp" type="image/webp">'
            '<img src="/media/routines/tummy-0a1b2c3d.jpg" alt="Illustration: Tummy"></picture>') in page
    assert ('<picture><source srcset="/media/steps/hands-0a1b2c3d.png.webp" type="image/webp">'
            f'<img src="/media/steps/hands-0a1b2c3d.png" alt="{step.title}: Clockwise" loading="lazy"></picture>'
            ) in page
    assert page.count("<svg") == 0  # the editor's image replaces the step's diagram


def test_an_image_stored_before_conversion_is_still_shown(client, media):
    routine = make_routine(steps=1)
    step = routine.steps.get()
    step.image.save("old.jpg", ContentFile(b"jpeg"), save=True)
    page = client.get(routine.get_absolute_url()).content.decode()
    assert f'<img src="/media/steps/old.jpg" alt="{step.title}: Clockwise" loading="lazy">' in page


def test_the_clinic_logo_form_built_on_the_same_form_still_stores_its_logo(editor, media):
    upload = SimpleUploadedFile("logo.jpg", photo(), content_type="image/jpeg")
    response = editor.post(reverse("admin:routines_clinic_add"),
                           {"name": "Sunny Clinic", "slug": "sunny", "logo": upload})
    assert response.status_code == 302
    with Image.open(Clinic.objects.get().logo.path) as logo:
        assert logo.width == 600 and not logo.getexif()

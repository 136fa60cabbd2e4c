"""What the print sheets need besides the content: the clinic that hands them out, the online link and its QR code.

A sheet's QR code opens the same routine (or course) online. The clinic's slug stays in that link, so a
family that scans the sheet of one clinic keeps seeing where it came from, and the Print button there prints
that clinic's sheet again.
"""

import io
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from routines.models import Clinic, Course


@dataclass(frozen=True)
class Sheet:
    """One printed page: the routine or course it shows, its online address and QR code, and its content version."""

    content: object
    kind: str
    url: str
    qr: str
    version: datetime
    steps: tuple = ()  # a routine's steps as this page prints them (routines.selectors.PlannedStep)


class UnknownClinic(Exception):
    """?clinic= names no clinic: the sheet is not printed unbranded by mistake (the view says so instead)."""

    def __init__(self, slug):
        super().__init__(slug)
        self.slug = slug


def clinic_for(request):
    """The clinic named by ?clinic=<slug>, None without one; raises UnknownClinic for a slug no clinic has."""
    slug = request.GET.get("clinic", "").strip()
    if not slug:
        return None
    clinic = Clinic.objects.filter(slug=slug).first()
    if clinic is None:
        raise UnknownClinic(slug)
    return clinic


def known_clinic(request):
    """The clinic of ?clinic=<slug> for a browse page's Print link, None without one or for an unknown slug
    (the page itself is there either way)."""
    try:
        return clinic_for(request)
    except UnknownClinic:
        return None


def with_clinic(url, clinic):
    """`url` with ?clinic=<slug> when there is a clinic: the way every print link keeps it."""
    return f"{url}?{urlencode({'clinic': clinic.slug})}" if clinic else url


def in_language(url, language):
    """`url` (a path of ours) in `language`: /ru/… and /es/…, English unprefixed."""
    return translate_url(url, language) if language in dict(settings.LANGUAGES) else url


def online_url(request, obj, clinic=None):
    """The absolute address of `obj`'s page in the sheet's language, keeping the clinic in the query string. An
    English address says so (?lang=en): it then opens in English even on a phone set to Russian or Spanish
    (babymassage.middleware.PreferredLanguageMiddleware), as the paper it is printed on."""
    query = {"clinic": clinic.slug} if clinic else {}
    if get_language() == settings.LANGUAGE_CODE:
        query["lang"] = settings.LANGUAGE_CODE
    url = request.build_absolute_uri(obj.get_absolute_url())
    return f"{url}?{urlencode(query)}" if query else url


def qr_svg(url, label):
    """`url` as a QR code in inline SVG: no XML declaration, no ids, sized by CSS through its viewBox.

    Error correction M survives a crease or a coffee stain on paper; segno keeps the 4-module quiet zone
    that scanners need around the code.
    """
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        out, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True, svgclass="qr", lineclass=None,
        dark="#000", light="#fff",
    )
    svg = out.getvalue().decode()
    # segno takes no extra attributes: add the accessible name to its opening tag.
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" focusable="false" ', 1)
    return mark_safe(svg)  # noqa: S308 - segno's own markup (the URL is only encoded in the path) and an escaped label


def sources_url(request):
    """The absolute address of the "Sources and choices" page, which every sheet names in one short line."""
    return request.build_absolute_uri(reverse("routines:sources"))


def sheet(request, obj, clinic, *, parts=(), steps=()):
    """The page for a routine or a course; `parts` are the objects printed with it that date its version too,
    and `steps` the steps a routine's page prints."""
    kind = "course" if isinstance(obj, Course) else "routine"
    label = _("QR code: open this course online") if kind == "course" else _("QR code: open this routine online")
    url = online_url(request, obj, clinic)
    version = max(item.updated_at for item in (obj, *parts))
    return Sheet(content=obj, kind=kind, url=url, qr=qr_svg(url, label), version=version, steps=tuple(steps))

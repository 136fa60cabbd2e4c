import secrets

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import ngettext

from routines.diagrams import DIAGRAMS
from routines.images import fallback_url

register = template.Library()


@register.filter
def age_label(days):
    """A baby's age in days, said the way parents say it: days, weeks, then months."""
    days = int(days)
    if days < 28:
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if days < 60:
        weeks = days // 7
        return ngettext("%(n)d week", "%(n)d weeks", weeks) % {"n": weeks}
    months = round(days / 30.4)
    return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}


@register.simple_tag
def diagram(name, suffix=None):
    """The inline SVG of diagram `name` with its text alternative, or "" for a name no longer in DIAGRAMS.

    `suffix` (the step's pk) makes the SVG's ids unique when several diagrams share a page.
    """
    info = DIAGRAMS.get(name)
    if info is None:
        return ""
    uid = suffix if suffix is not None else secrets.token_hex(4)
    context = {"uid": uid, "label": info["label"], "alt": info["alt"], "svg": f"diagrams/{name}.svg"}
    return render_to_string("diagrams/_figure.html", context)


@register.simple_tag
def picture(image, alt, lazy=True):
    """An uploaded illustration: the stored WebP, with the JPEG or PNG fallback for browsers without WebP."""
    fallback = fallback_url(image)
    src = fallback or image.url  # no fallback: stored before WebP conversion, one file served as it is
    if lazy:
        img = format_html('<img src="{}" alt="{}" loading="lazy">', src, alt)
    else:
        img = format_html('<img src="{}" alt="{}">', src, alt)
    if fallback is None:
        return img
    return format_html('<picture><source srcset="{}" type="image/webp">{}</picture>', image.url, img)

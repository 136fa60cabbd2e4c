import secrets

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html

from routines.diagrams import DIAGRAMS
from routines.images import fallback_url
from safety.templatetags.safety_tags import age_label

register = template.Library()


# One way of saying an age everywhere: the safety app's (routines may import safety, never the reverse).
register.filter("age_label", age_label)


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

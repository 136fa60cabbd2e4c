import secrets

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _

from routines.diagrams import DIAGRAMS
from routines.images import fallback_url
from safety.templatetags.safety_tags import age_label

register = template.Library()


# One way of saying an age everywhere: the safety app's (routines may import safety, never the reverse).
register.filter("age_label", age_label)

DAYS_PER_MONTH = 30.44


@register.filter
def age_range(obj):
    """An age range (an object with min_age_days and max_age_days) with both ends in one unit, as a parent says
    it and as a course's title does: "2 to 4 weeks", "1 to 3 months". (age_label alone would say "4 weeks–12
    weeks" for the 1-to-3-months course.)"""
    low, high = obj.min_age_days, obj.max_age_days
    if high < 60:
        return _("%(low)d to %(high)d weeks") % {"low": low // 7, "high": high // 7}
    if low < 28:
        return _("%(low)s to %(high)s") % {"low": age_label(low), "high": age_label(high)}
    return _("%(low)d to %(high)d months") % {"low": round(low / DAYS_PER_MONTH), "high": round(high / DAYS_PER_MONTH)}


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

import re
import secrets

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from routines.diagrams import DIAGRAMS
from routines.images import fallback_url
from routines.printing import in_language, with_clinic
from safety.templatetags.safety_tags import age_label, day

register = template.Library()


# One way of saying an age everywhere: the safety app's (routines may import safety, never the reverse).
register.filter("age_label", age_label)
register.filter("day", day)
# `{% url 'routines:routine_print' slug as url %}{{ url|with_clinic:clinic }}`: print links keep the clinic.
register.filter("with_clinic", with_clinic)
# `{{ url|in_language:"ru" }}`: the clinic desk's print links in the language the clinic prints in.
register.filter("in_language", in_language)


# An arrow of a drawing: a path styled "ar", or a path inside a group styled "ar".
_ARROW_GROUP = re.compile(r'(<g class="ar[^"]*"[^>]*>)(.*?)(</g>)', re.S)
_ARROW_PATH = re.compile(r'<path (?=class="ar)')
_PLAIN_PATH = re.compile(r'<path (?=d=)')


MOVING_DOTS = 2  # two hands at most; more dots would crowd the drawing and the step card's 4 KB


def _movers(svg, uid, pace):
    """A dot on each of the first arrows of the drawing that travels along it, one stroke every `pace` seconds.

    SVG's own animation (animateMotion along the arrow itself), no script: the player pauses it with the
    countdown (SVGSVGElement.pauseAnimations), and diagrams.css hides the dots on paper and for reduced motion."""
    count = 0

    def name(match):
        nonlocal count
        if count == MOVING_DOTS:
            return match.group(0)
        count += 1
        return f'<path id="mv{uid}-{count}" '

    svg = _ARROW_PATH.sub(name, svg)
    svg = _ARROW_GROUP.sub(lambda m: m.group(1) + _PLAIN_PATH.sub(name, m.group(2)) + m.group(3), svg)
    dots = "".join(
        f'<circle class="mover"><animateMotion dur="{pace}s" repeatCount="indefinite">'
        f'<mpath href="#mv{uid}-{i}"/></animateMotion></circle>' for i in range(1, count + 1)
    )
    return svg.replace("</svg>", dots + "</svg>", 1)

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
def diagram(name, suffix=None, pace=4, shared_parts=False):
    """The inline SVG of diagram `name` with its text alternative, or "" for a name no longer in DIAGRAMS.

    `suffix` (the step's pk) makes the SVG's ids unique when several diagrams share a page; `pace` is how
    many seconds one stroke along an arrow takes; `shared_parts` shows the drawings many diagrams share (the
    baby, a hand) from the page's diagram_parts instead of drawing them again.
    """
    if name not in DIAGRAMS:
        return ""
    uid = suffix if suffix is not None else secrets.token_hex(4)
    return mark_safe(_movers(_figure(name, uid, shared_parts), uid, pace))  # noqa: S308


def _figure(name, uid, shared_parts=False):
    info = DIAGRAMS[name]
    context = {"uid": uid, "label": info["label"], "alt": info["alt"], "svg": f"diagrams/{name}.svg",
               "shared_parts": shared_parts}
    return render_to_string("diagrams/_figure.html", context)


# The drawings that many diagrams include as they are (templates/diagrams/_part.svg).
SHARED_PARTS = ["baby_on_back", "baby_on_back_limbs", "baby_on_back_body", "baby_on_tummy", "foot", "foot_top", "hand",
                "head", "liver", "sides", "your_side"]


@register.simple_tag
def diagram_parts():
    """The shared drawings once, out of sight, for the diagrams of a page drawn with `shared_parts` (the player,
    whose step cards stay small so: each is swapped in on every step). Each part's group carries the class "dg"
    itself: what <use> shows is a copy whose styles are matched inside the copy, so diagrams.css's `.dg .o`
    rules need their `.dg` there."""
    parts = "".join(f'<g id="dgp-{part}" class="dg">{render_to_string(f"diagrams/_{part}.svg")}</g>'
                    for part in SHARED_PARTS)
    return mark_safe(  # noqa: S308 - our own drawings
        f'<svg class="dg diagram-parts" aria-hidden="true" focusable="false"><defs>{parts}</defs></svg>')


# The admin's diagram picker and step list show each drawing many times on one page: it is drawn once, by
# diagram_sprite, and every thumbnail shows it through <use>, which keeps the page light.
SPRITE_ID = "sprite-{}"


@register.simple_tag
def diagram_sprite():
    """Every diagram once, as the `diagram` tag draws it (without the moving dots), out of sight and hidden from
    screen readers, for diagram_thumbnail to show."""
    figures = [_figure(name, f"s-{name}").replace("<svg ", f'<svg id="{SPRITE_ID.format(name)}" ', 1)
               for name in DIAGRAMS]
    return mark_safe('<div class="diagram-sprite" aria-hidden="true">' + "".join(figures) + "</div>")  # noqa: S308


@register.simple_tag
def diagram_thumbnail(name):
    """A small picture of diagram `name` drawn from diagram_sprite (which must be on the page), or "" for a name
    no longer in DIAGRAMS. Decorative: the label beside it names it."""
    if name not in DIAGRAMS:
        return ""
    return format_html('<svg class="diagram-thumbnail" aria-hidden="true" focusable="false"><use href="#{}" '
                       'width="100%" height="100%"/></svg>', SPRITE_ID.format(name))


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

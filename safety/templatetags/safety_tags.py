from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from safety.models import person_name

register = template.Library()


@register.filter
def age_label(days):
    """An age in days, said the way parents say it: days, then weeks, then months, then years."""
    days = int(days)
    if days < 28:
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if days < 91:
        weeks = days // 7
        return ngettext("%(n)d week", "%(n)d weeks", weeks) % {"n": weeks}
    if days < 730:
        months = round(days / 30.44)
        return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
    years = int(days / 365.25)
    return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}


# One way of writing a moment everywhere: "25 November 2026, 13:53", in the parent's own time zone (24-hour
# clock: no "p.m." to run into a sentence's full stop).
WHEN = "j F Y, H:i"
DAY = "j F Y"


@register.filter
def when(value):
    if not value:
        return ""
    return date_format(timezone.localtime(value), WHEN)


@register.filter
def when_zoned(value):
    """A moment with its time zone named, where the parent acts on it ("no massage until …")."""
    if not value:
        return ""
    zone = timezone.get_current_timezone_name().rsplit("/", 1)[-1].replace("_", " ")
    return _("%(when)s (%(zone)s time)") % {"when": when(value), "zone": zone}


@register.filter
def day(value):
    return date_format(value, DAY) if value else ""


@register.filter
def person(user):
    """A person as the family sees them: their name, or their email (safety.models.person_name)."""
    return person_name(user)

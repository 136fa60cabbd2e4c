from django import template
from django.utils.translation import ngettext

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

from django import template
from django.utils.translation import ngettext

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

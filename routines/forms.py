from django import forms
from django.utils.translation import gettext_lazy as _

# The ages the routine page offers to show its steps for (in days): 2, 6 and 8 weeks, then months 3 to 12.
AGE_CHOICES_DAYS = [14, 42, 61, 91, 122, 152, 183, 244, 304, 365]
OLDEST_AGE_DAYS = 6 * 366  # the oldest child the app has anything for (the games go up to age 6)


class AgeForm(forms.Form):
    """The age a routine page shows its steps for: ?age=<days>; empty for every step."""

    age = forms.IntegerField(
        label=_("Show the steps for a baby aged"), min_value=0, max_value=OLDEST_AGE_DAYS, required=False,
        error_messages={"invalid": _("Choose an age from the list."), "min_value": _("Choose an age from the list."),
                        "max_value": _("Choose an age from the list.")},
    )

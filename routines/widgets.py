"""Form fields and widgets of the content admin: ages in weeks or months, the diagram picker with pictures,
an image field that shows the stored picture, and error messages in plain words.

Ages are stored in days (a baby's age compares directly); editors think in weeks and months. A month here is
30 days and a year 365, as the shipped courses are written (4 months = 120 days, 12 months = 360 days, 1 year =
365 days), so an age an editor enters comes back exactly as they typed it.
"""

from django import forms
from django.core import validators
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from routines.images import NOT_AN_IMAGE

DAYS_IN = {"days": 1, "weeks": 7, "months": 30, "years": 365}
UNIT_CHOICES = [("days", _("days")), ("weeks", _("weeks")), ("months", _("months")), ("years", _("years"))]
OLDEST_DAYS = 6 * 365  # the games go up to 6 years; nothing here is for anyone older


def in_unit(days):
    """(number, unit) that says `days` exactly in the largest unit: 14 → (2, "weeks"), 120 → (4, "months")."""
    for unit in ("years", "months", "weeks"):
        if days and days % DAYS_IN[unit] == 0:
            return days // DAYS_IN[unit], unit
    return days, "days"


def age_in_words(days):
    """An age as the admin shows it, the same way it is entered: "2 weeks", "4 months", "1 year", "20 days"."""
    if days is None:
        return "—"
    number, unit = in_unit(days)
    words = {
        "days": ngettext("%(n)d day", "%(n)d days", number),
        "weeks": ngettext("%(n)d week", "%(n)d weeks", number),
        "months": ngettext("%(n)d month", "%(n)d months", number),
        "years": ngettext("%(n)d year", "%(n)d years", number),
    }
    return words[unit] % {"n": number}


class AgeWidget(forms.MultiWidget):
    """A number and its unit. The field's label names the number box; the unit list names itself."""

    template_name = "admin/routines/widgets/age.html"

    def __init__(self, attrs=None):
        super().__init__([forms.NumberInput(attrs={"min": 0, "step": 1, "class": "age-number"}),
                          forms.Select(choices=UNIT_CHOICES, attrs={"class": "age-unit"})], attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        number, unit = context["widget"]["subwidgets"]
        unit["attrs"] = {**unit["attrs"], "aria-label": _("unit of the age above"), "aria-describedby": None}
        unit["attrs"] = {key: val for key, val in unit["attrs"].items() if val is not None}
        return context

    def decompress(self, value):
        if value in (None, ""):
            return [None, "weeks"]
        return list(in_unit(int(value)))

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else ""  # the number: what the label's words describe


class AgeField(forms.MultiValueField):
    """An age entered as a number of days, weeks, months or years, cleaned to days."""

    widget = AgeWidget

    def __init__(self, *, required=True, **kwargs):
        kwargs.pop("max_length", None)
        for name in ("min_value", "max_value", "step_size"):
            kwargs.pop(name, None)
        fields = (
            forms.IntegerField(required=False, min_value=0, error_messages={
                "invalid": _("Enter the age as a whole number."),
                "min_value": _("An age cannot be below zero."),
            }),
            forms.ChoiceField(choices=UNIT_CHOICES, required=False,
                              error_messages={"invalid_choice": _("Choose days, weeks, months or years.")}),
        )
        super().__init__(fields, required=required, require_all_fields=False, **kwargs)

    def has_changed(self, initial, data):
        """Changed when the age in days differs: an empty age is empty whatever unit its list shows."""
        number, unit = (list(data or []) + [None, None])[:2]
        try:
            number = self.fields[0].to_python(number)
        except forms.ValidationError:
            return True
        days = None if number is None else number * DAYS_IN.get(unit or "days", 1)
        return days != (None if initial in (None, "") else int(initial))

    def compress(self, data_list):
        number, unit = (list(data_list) + [None, None])[:2]
        if number is None:
            if self.required:
                raise forms.ValidationError(_("Enter an age."), code="required")
            return None
        days = number * DAYS_IN[unit or "days"]
        if days > OLDEST_DAYS:
            raise forms.ValidationError(_("That is older than anyone this app is for: at most 6 years."),
                                        code="max_value")
        return days


class DiagramPicker(forms.RadioSelect):
    """The step's drawing, chosen by its picture: each option shows the diagram itself (drawn once per page by
    {% diagram_sprite %} with the `diagram` tag, and shown here through <use>), so a page with many steps stays
    light. The pictures are decorative for screen readers: each option's name is the diagram's label."""

    template_name = "admin/routines/widgets/diagram_picker.html"
    option_template_name = "admin/routines/widgets/diagram_option.html"


class ImageWithThumbnail(forms.ClearableFileInput):
    """The upload box with the stored picture shown as a thumbnail beside it."""

    template_name = "admin/routines/widgets/image_thumbnail.html"


# Django's own wordings that an editor would not say, and ours. Looked up by the message Django raises (lazy
# messages compare by their text in the current language), so a message we wrote ourselves is never replaced.
def _plain_words():
    from django.forms import fields as form_fields
    from django.forms import models as form_models

    return {
        validators.MinValueValidator.message: _("Enter %(limit_value)s or more."),
        validators.MaxValueValidator.message: _("Enter %(limit_value)s or less."),
        validators.validate_slug.message: _("Use only small letters, numbers and hyphens, like tummy-circles."),
        form_fields.ChoiceField.default_error_messages["invalid_choice"]: _("Choose one of the options shown."),
        form_models.ModelChoiceField.default_error_messages["invalid_choice"]: _(
            "That choice is not there any more. Choose one from the list."),
        form_fields.ImageField.default_error_messages["invalid_image"]: NOT_AN_IMAGE,
        form_fields.FileField.default_error_messages["contradiction"]: _(
            "Either choose a new file or tick “Clear”, not both."),
        form_fields.FileField.default_error_messages["invalid"]: _("No file arrived. Choose the file again."),
        form_fields.FileField.default_error_messages["empty"]: _("The file is empty. Choose another one."),
        models.Field.default_error_messages["invalid_choice"]: _("Choose one of the options shown."),
        models.Field.default_error_messages["null"]: _("Fill this in."),
        models.Field.default_error_messages["blank"]: _("Fill this in."),
        models.Field.default_error_messages["unique"]: _(
            "Another %(model_name)s already has this %(field_label)s. Choose a different one."),
    }


def plain(error):
    """`error` (a ValidationError with one message) in plain words if Django's own wording would be shown."""
    if error.message is validators.MaxLengthValidator.message:  # a plural form: compared as the object itself
        words = _("Keep this to %(limit_value)d characters or fewer (it has %(show_value)d).")
    else:
        words = _plain_words().get(error.message)
    if words is None:
        return error
    return forms.ValidationError(words, code=error.code, params=error.params)


class PlainWordsMixin:
    """For the admin's content forms: every error in plain words, whichever field or check raised it."""

    def full_clean(self):
        super().full_clean()
        for field, errors in list(self._errors.items()):
            self._errors[field] = self.error_class(
                [plain(error) for error in errors.as_data()], renderer=self.renderer,
                error_class="nonfield" if field == NON_FIELD_ERRORS else None,
            )

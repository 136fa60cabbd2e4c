import hashlib

from adminsortable2.admin import CustomInlineFormSet
from django import forms
from django.utils.translation import gettext_lazy as _
from reversion.revisions import _follow_relations_recursive

from routines.images import (
    NOT_AN_IMAGE,
    STORED_WIDTH_PX,
    save_fallback,
    validate_image_upload,
    webp_with_fallback,
)
from routines.models import ClinicallyReviewed
from routines.widgets import ImageWithThumbnail, PlainWordsMixin, age_in_words

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


# --- the content admin's forms ----------------------------------------------------------------------------------

class PlainModelForm(PlainWordsMixin, forms.ModelForm):
    """A content form whose every error is in plain words (an inline's row, or the base of ContentForm)."""


def content_token(model, pk):
    """A fingerprint of an object as the database holds it now, with the children edited on its page (a routine's
    steps, a course's routines and plan, a game's lines): it changes whenever someone saves any of them.

    The clinical review state and the time of the last save are left out: a reviewer signing the content off, or
    a save that changed nothing, does not make an editor's open form out of date."""
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        return ""
    rows = []
    for item in _follow_relations_recursive(obj):
        values = tuple((f.attname, str(getattr(item, f.attname))) for f in item._meta.concrete_fields
                       if f.name not in UNSEEN_FIELDS)
        rows.append((item._meta.label, str(item.pk), values))
    return hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()[:32]


UNSEEN_FIELDS = {"updated_at", *ClinicallyReviewed.REVIEW_STATE_FIELDS}


class ContentForm(PlainModelForm):
    """The form of one piece of content in admin. It remembers what the content was when the editor opened it
    (`seen`), and refuses to save over someone else's save since (two editors at once, or a reorder made on a
    stale page): nothing of the form is saved, and the message says to open the page again."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen"].initial = content_token(type(self.instance), self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("seen") != content_token(type(self.instance), self.instance.pk):
            raise forms.ValidationError(
                _("Someone else saved this %(thing)s after you opened it, so nothing you did here was saved (not "
                  "the order either). Open it again to see their change, then make yours.")
                % {"thing": self.instance._meta.verbose_name}, code="stale",
            )
        return cleaned


class CheckedImageField(forms.ImageField):
    """An image field whose errors say what is wrong (too large, too many pixels, not a picture we take)
    before Django's own check, which calls all of these "not a valid image"."""

    widget = ImageWithThumbnail
    default_error_messages = {"invalid_image": NOT_AN_IMAGE}

    def to_python(self, data):
        if data not in self.empty_values:
            validate_image_upload(data)
        return super().to_python(data)


class ResizedImageMixin:
    """Checks a new illustration, stores it as a resized WebP without metadata, and writes its fallback
    (JPEG, or PNG with transparency) next to it once the object is saved. The original is never stored.

    `image_field` names the model's image field, `image_width` the widest it is stored."""

    image_field = "image"
    image_width = STORED_WIDTH_PX
    _fallback = None

    def clean_image(self):
        return self._converted_image()

    def _converted_image(self):
        image = self.cleaned_data.get(self.image_field)
        if image and hasattr(image, "content_type"):  # a new upload, not the file already stored
            converted = webp_with_fallback(image, width=self.image_width)
            self._fallback = converted.fallback
            return converted.webp
        return image

    def save(self, commit=True):
        instance = super().save(commit)
        if commit:
            self._save_fallback()
        else:  # the admin saves the object itself, then calls save_m2m(): the WebP's name is final by then
            save_m2m = self.save_m2m

            def save_m2m_and_fallback():
                save_m2m()
                self._save_fallback()

            self.save_m2m = save_m2m_and_fallback
        return instance

    def _save_fallback(self):
        if self._fallback is not None:
            save_fallback(getattr(self.instance, self.image_field), self._fallback)
            self._fallback = None


class RoutineForm(ResizedImageMixin, ContentForm):
    class Meta:
        field_classes = {"image": CheckedImageField}


class StepForm(ResizedImageMixin, PlainModelForm):
    class Meta:
        field_classes = {"image": CheckedImageField}


class ClinicForm(ResizedImageMixin, ContentForm):
    """A clinic's logo gets the same checks and clean-up as an illustration (upright, no metadata or comments,
    a new file name), at the size a sheet's header needs."""

    image_field = "logo"
    image_width = 600

    class Meta:
        field_classes = {"logo": CheckedImageField}

    def clean_logo(self):
        return self._converted_image()


class StepInlineFormSet(CustomInlineFormSet):
    """A routine's steps: a published routine keeps at least one, and every step suits some baby the routine
    is for."""

    def clean(self):
        super().clean()
        routine = self.instance
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if routine.published and not kept:
            raise forms.ValidationError(_("A published routine needs at least one step. Add a step or untick "
                                          "Published."))
        if routine.min_age_days is None or routine.max_age_days is None:
            return
        for form in kept:
            technique = form.cleaned_data.get("technique")
            if technique is None:
                continue
            starts = max(routine.min_age_days, technique.min_age_days, form.cleaned_data.get("min_age_days") or 0)
            if starts >= routine.max_age_days:
                form.add_error("min_age_days", _(
                    "No baby would see this step: it starts at %(starts)s (the oldest of its own, its technique's "
                    "and the routine's ages), and the routine is for babies up to %(end)s.")
                    % {"starts": age_in_words(starts), "end": age_in_words(routine.max_age_days)})


class TableRowForm(PlainModelForm):
    """A row of a table of inline rows (a course's routines and plan, a game's lines). The table's column headings
    name its boxes only to the eye: each box gets a name of its own for screen readers ("Routine: Feet")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_fields(self)


def label_fields(form):
    row = str(form.instance) if form.instance.pk else _("new row")
    for field in form.fields.values():
        widget = getattr(field.widget, "widget", field.widget)  # the admin wraps a choice of a related object
        if not widget.is_hidden:
            widget.attrs["aria-label"] = f"{str(field.label).capitalize()}: {row}"


class PlainWordsFormSetMixin:
    """Rows that repeat each other, said plainly (Django says "Please correct the duplicate data …"); each row's
    "Delete" box named for screen readers, like the rest of the row (TableRowForm)."""

    duplicate_message = _("Two rows here are the same. Keep one of them.")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            label_fields(form)

    def get_unique_error_message(self, unique_check):
        return self.duplicate_message

    def get_form_error(self):
        return _("This row repeats another one.")


class OncePerCourseFormSet(PlainWordsFormSetMixin, CustomInlineFormSet):
    """A course's routines, in order: the same routine twice is refused in plain words."""

    duplicate_message = _("This routine is in the course twice. Keep it once, in the place you want it.")


class PlainFormSet(PlainWordsFormSetMixin, CustomInlineFormSet):
    pass


class PlanFormSet(PlainWordsFormSetMixin, forms.BaseInlineFormSet):
    duplicate_message = _("This move is in the plan twice. Keep it once, with the session that adds it.")

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from routines import selectors
from routines.images import STORED_WIDTH_PX, save_fallback, validate_image_upload, webp_with_fallback
from routines.models import (
    CalmingStroke,
    ChecklistItem,
    Clinic,
    Course,
    CourseRoutine,
    CourseStep,
    Game,
    GameLine,
    Routine,
    SourceChoice,
    Step,
    Technique,
)


class CheckedImageField(forms.ImageField):
    """An image field whose errors say what is wrong (too large, too many pixels, not a picture we take)
    before Django's own check, which calls all of these "not a valid image"."""

    def to_python(self, data):
        if data not in self.empty_values:
            validate_image_upload(data)
        return super().to_python(data)


class ResizedImageForm(forms.ModelForm):
    """Checks a new illustration, stores it as a resized WebP without metadata, and writes its fallback
    (JPEG, or PNG with transparency) next to it once the object is saved. The original is never stored.

    `image_field` names the model's image field, `image_width` the widest it is stored."""

    image_field = "image"
    image_width = STORED_WIDTH_PX

    class Meta:
        field_classes = {"image": CheckedImageField}

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


def thumbnail(obj):
    if not obj.image:
        return "—"
    return format_html('<img src="{}" alt="" height="60">', obj.image.url)


thumbnail.short_description = _("image")


class AgeFilter(admin.SimpleListFilter):
    """Content suitable for a baby of the chosen age."""

    title = _("suitable at age")
    parameter_name = "age"
    AGES = {"2w": 14, "1m": 30, "3m": 91, "6m": 182, "9m": 274, "12m": 365}

    def lookups(self, request, model_admin):
        labels = {"2w": _("2 weeks"), "1m": _("1 month"), "3m": _("3 months"), "6m": _("6 months"),
                  "9m": _("9 months"), "12m": _("12 months")}
        return list(labels.items())

    def queryset(self, request, queryset):
        days = self.AGES.get(self.value())
        if days is None:
            return queryset
        return queryset.filter(min_age_days__lte=days, max_age_days__gte=days)


class StepInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if not self.instance.published:
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not kept:
            raise ValidationError(_("A published routine needs at least one step. Add a step or untick Published."))


class StepInline(admin.StackedInline):
    model = Step
    form = ResizedImageForm
    formset = StepInlineFormSet
    extra = 0
    autocomplete_fields = ["technique"]
    fields = [("order", "title"), "instruction", ("technique", "direction", "min_age_days"), ("repetitions", "seconds"),
              "caution", "source_note", ("diagram", "image")]


@admin.register(Routine)
class RoutineAdmin(admin.ModelAdmin):
    form = ResizedImageForm
    inlines = [StepInline]
    list_display = ["title", "body_area", "min_age_days", "max_age_days", "minutes", "published", "order", thumbnail]
    list_editable = ["published", "order"]
    list_filter = ["body_area", "published", AgeFilter]
    search_fields = ["title", "summary", "steps__title", "steps__instruction"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [thumbnail, "updated_at"]


@admin.register(Technique)
class TechniqueAdmin(admin.ModelAdmin):
    list_display = ["name", "effect", "min_age_days", "order"]
    list_filter = ["effect"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class CourseRoutineInline(admin.TabularInline):
    model = CourseRoutine
    extra = 0
    autocomplete_fields = ["routine"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("course", "routine")  # each row names both


class StepChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, step):
        return f"{step.routine.title}: {step.title}"


class CourseStepInline(admin.TabularInline):
    """The session plan: one row per move, with the session that adds it."""

    model = CourseStep
    extra = 0
    fields = ["from_session", "step"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("course", "step")  # each row names both

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "step":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        # Every step with its routine, labelled "Routine: step" (titles repeat across routines), read once for
        # all the rows of the plan instead of once per row.
        kwargs["queryset"] = Step.objects.select_related("routine").order_by(
            "routine__order", "routine__title", "order", "pk")
        kwargs["form_class"] = StepChoiceField
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        field.choices = list(field.choices)
        return field


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    inlines = [CourseRoutineInline, CourseStepInline]
    list_display = ["title", "min_age_days", "max_age_days", "sessions", "minutes_per_session", "published"]
    list_editable = ["published"]
    list_filter = ["published", AgeFilter]
    search_fields = ["title", "intro", "milestone"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["plan_summary"]

    @admin.display(description=_("what the plan's sessions take"))
    def plan_summary(self, course):
        """Each session that adds moves, as the course page and handout say it, so that the stated minutes per
        session can be kept the same as the last one."""
        if not course.pk:
            return "—"
        stages = selectors.course_outline(course, list(Step.objects.for_course(course))).stages()
        if not stages:
            return _("No moves suit this course yet.")
        return format_html_join(
            mark_safe("<br>"), "{}", ((_("Session %(n)d on: %(moves)d moves, about %(minutes)d min")
                                       % {"n": s.session, "moves": s.moves, "minutes": s.minutes},) for s in stages),
        )


class GameLineInline(admin.TabularInline):
    model = GameLine
    extra = 0


@admin.register(Game)
class GameAdmin(admin.ModelAdmin):
    inlines = [GameLineInline]
    list_display = ["title", "kind", "min_age_years", "max_age_years", "published", "order"]
    list_editable = ["published", "order"]
    list_filter = ["kind", "published", "min_age_years"]
    search_fields = ["title", "intro", "lines__verse"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["title", "order"]
    list_editable = ["order"]
    search_fields = ["title", "text", "source_note"]


@admin.register(SourceChoice)
class SourceChoiceAdmin(admin.ModelAdmin):
    list_display = ["title", "order"]
    list_editable = ["order"]
    search_fields = ["title", "article_says", "we_do", "reason"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["routines"]


@admin.register(CalmingStroke)
class CalmingStrokeAdmin(admin.ModelAdmin):
    list_display = ["title", "body_area", "order"]
    list_editable = ["order"]
    search_fields = ["title", "instruction"]


class ClinicForm(ResizedImageForm):
    """A clinic's logo gets the same checks and clean-up as an illustration (upright, no metadata or comments,
    a new file name), at the size a sheet's header needs."""

    image_field = "logo"
    image_width = 600

    class Meta:
        field_classes = {"logo": CheckedImageField}

    def clean_logo(self):
        return self._converted_image()


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    form = ClinicForm
    list_display = ["name", "slug", "phone"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

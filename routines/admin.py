"""The content admin (README, "An admin account").

- Order by dragging (django-admin-sortable2): steps in a routine, routines in a course, lines in a game, and the
  "before you start" list. What is dragged is saved with the form (or, for the list, at once), and a form or a
  move made on a page someone else has saved since is refused whole (routines.forms.ContentForm, update_order).
- History (django-reversion): every save keeps a version with who and when; the history page shows what each
  one changed and goes back to any of them in one click (routines.history).
- Clinical review: a change to a routine's or a course's parent-facing content marks it "changed since the last
  clinical review" here, in the save path (mark_changed); a member of the "clinical reviewers" group signs it
  off from its page (mark_reviewed). Print sheets say which.
"""

import json
from dataclasses import dataclass
from datetime import datetime

import reversion
from adminsortable2.admin import SortableAdminBase, SortableAdminMixin, SortableStackedInline, SortableTabularInline
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation import settings as translation_settings
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from modeltranslation.translator import NotRegistered, translator
from reversion.admin import VersionAdmin
from reversion.models import Version

from routines import history, selectors
from routines.diagrams import diagram_choices
from routines.forms import (
    ClinicForm,
    ContentForm,
    OncePerCourseFormSet,
    PlainFormSet,
    PlanFormSet,
    RoutineForm,
    StepForm,
    StepInlineFormSet,
    TableRowForm,
)
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
    StaleReview,
    Step,
    Technique,
    is_clinical_reviewer,
)
from routines.widgets import AgeField, DiagramPicker, ImageWithThumbnail, age_in_words
from safety.models import Question, QuestionnaireVersion

# What the age fields say, per model: (label, help text) of the lower and the upper age.
AGE_WORDS = {
    Routine: {
        "min_age_days": (gettext_lazy("From age"), gettext_lazy("The youngest baby this routine is for.")),
        "max_age_days": (gettext_lazy("Up to age"), gettext_lazy(
            "Babies of this age and older no longer see it. Must be older than “From age”.")),
    },
    Course: {
        "min_age_days": (gettext_lazy("From age"), gettext_lazy(
            "The course starts at this age (corrected age for a baby born early).")),
        "max_age_days": (gettext_lazy("Up to age"), gettext_lazy(
            "Where the next course starts: a baby of this age moves on. Must be older than “From age”.")),
    },
    Technique: {
        "min_age_days": (gettext_lazy("From age"), gettext_lazy(
            "The youngest age at which this technique may be used.")),
    },
    Step: {
        "min_age_days": (gettext_lazy("From age (optional)"), gettext_lazy(
            "Leave empty to use the technique's and the routine's ages. Set it to start this step later than "
            "they do; the step is shown from the oldest of the three.")),
    },
}
AGE_HELP = gettext_lazy("Type a number and choose days, weeks, months or years (a month counts as 30 days, a year "
                        "as 365).")


def age_field(db_field, model):
    label, help_text = AGE_WORDS[model][db_field.name]
    return AgeField(required=not db_field.null, label=label, help_text=f"{help_text} {AGE_HELP}",
                    initial=db_field.default if db_field.has_default() else None)


class AgesInWeeksAndMonths:
    """Age fields entered and shown in days, weeks, months or years (stored in days); images shown beside their
    upload box."""

    formfield_overrides = {models.ImageField: {"widget": ImageWithThumbnail}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in AGE_WORDS.get(self.model, {}):
            return age_field(db_field, self.model)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def review_line(obj):
    """The clinical review of a routine or a course, as its print sheet says it."""
    if obj.review_status == "reviewed":
        return _("Reviewed by %(name)s, %(date)s") % {
            "name": obj.reviewer_name, "date": date_format(timezone.localtime(obj.reviewed_at), "j F Y")}
    if obj.review_status == "changed":
        return _("Changed since the last clinical review")
    return _("Not yet reviewed by a clinician")


class AwaitingReviewFilter(admin.SimpleListFilter):
    title = gettext_lazy("clinical review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("waiting", _("waiting for a review")), ("reviewed", _("reviewed as it is"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(changed_since_review=True)
        if self.value() == "reviewed":
            return queryset.filter(changed_since_review=False)
        return queryset


class ContentAdmin(AgesInWeeksAndMonths, TranslationAdmin, VersionAdmin):
    """Every piece of content: plain words, the stale-form check, and the history with "go back". Each text is
    shown once per language, one under the other (django-modeltranslation: English, Russian, Spanish)."""

    form = ContentForm
    object_history_template = "admin/routines/object_history.html"
    recover_list_template = "admin/routines/recover_list.html"

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_changelist_form(self, request, **kwargs):
        # A list's editable columns (published, order): each box named for screen readers ("Published: Feet").
        return super().get_changelist_form(request, **{"form": TableRowForm, **kwargs})

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        # The fingerprint of what the editor opened (routines.forms.ContentForm) goes with every form.
        return fields if "seen" in fields or not self.has_change_permission(request, obj) else [*fields, "seen"]

    def save_model(self, request, obj, form, change):
        keep_untranslated_empty(form)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for row in formset.forms:
            keep_untranslated_empty(row)
        super().save_formset(request, form, formset, change)

    def get_urls(self):
        opts = self.model._meta
        return [
            path("<path:object_id>/history/<int:version_id>/go-back/", self.admin_site.admin_view(self.go_back_view),
                 name=f"{opts.app_label}_{opts.model_name}_go_back"),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(name)s") % {"name": obj},
            "subtitle": None, "object": obj, "opts": opts, "app_label": opts.app_label,
            "entries": history.history(obj), "history_length": history.HISTORY_LENGTH,
            "can_go_back": self.has_change_permission(request, obj),
            "go_back_url": f"admin:{opts.app_label}_{opts.model_name}_go_back",
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def go_back_view(self, request, object_id, version_id):
        """One click on a version in the history brings the object (with its steps, routines or lines) back to it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_object(obj), pk=version_id)
        opts = self.model._meta
        try:
            history.go_back(version, user=request.user)
        except history.CannotGoBack as error:
            messages.error(request, str(error))
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_history", obj.pk)
        when = date_format(timezone.localtime(version.revision.date_created), "j F Y, H:i")
        messages.success(request, _("“%(name)s” is back to how it was on %(when)s.") % {"name": obj, "when": when})
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)


def keep_untranslated_empty(form):
    """A Russian or Spanish box left empty keeps its text "not translated yet" as the loader stores it (NULL), rather
    than an empty string: saving a page changes no translation nobody wrote (nor shows as a change in its history)."""
    if not getattr(form, "cleaned_data", None):
        return
    for name in translation_columns(type(form.instance), english=False):
        if name in form.fields and form.cleaned_data.get(name) == "" and form.initial.get(name) is None:
            setattr(form.instance, name, None)


def translation_columns(model, english=True):
    """The columns of the model's translated texts, one per language (title_en, title_ru, title_es, …)."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    return [column.name for columns in options.all_fields.values() for column in columns
            if english or column.language != translation_settings.DEFAULT_LANGUAGE]


class ReviewedContentAdmin(ContentAdmin):
    """A routine or a course: its review state, the reviewer's button, and "changed since review" on save."""

    change_form_template = "admin/routines/reviewed_change_form.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path("<path:object_id>/review/", self.admin_site.admin_view(self.review_view),
                 name=f"{opts.app_label}_{opts.model_name}_review"),
            *super().get_urls(),
        ]

    @admin.display(description=gettext_lazy("clinical review"))
    def clinical_review(self, obj):
        return review_line(obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update({
                "review_line": review_line(obj), "review_status": obj.review_status,
                "can_review": is_clinical_reviewer(request.user),
                "seen_version": obj.updated_at.isoformat(),
                "review_url": reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_review", args=[obj.pk]),
                "preview_url": reverse(f"routines:{obj._meta.model_name}_preview", args=[obj.slug]),
                "preview_print_url": reverse(f"routines:{obj._meta.model_name}_preview_print", args=[obj.slug]),
            })
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_view(self, request, object_id):
        """A clinical reviewer signs off the content as they read it (the version they opened)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not is_clinical_reviewer(request.user):
            raise PermissionDenied
        change_url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        try:
            seen = datetime.fromisoformat(request.POST.get("seen_version", ""))
        except ValueError:
            messages.error(request, _("The page was incomplete. Open it again, read it, then mark it reviewed."))
            return redirect(change_url)
        try:
            with reversion.create_revision():
                obj.mark_reviewed(by=request.user, seen_version=seen)
                reversion.set_user(request.user)
                reversion.set_comment(_("Clinically reviewed by %(name)s.") % {"name": obj.reviewer_name})
                reversion.add_to_revision(obj)
        except StaleReview as stale:
            messages.error(request, _(
                "This %(thing)s was saved again at %(when)s, after you opened it. Read it again as it is now, then "
                "mark it reviewed.") % {"thing": obj._meta.verbose_name,
                                        "when": date_format(timezone.localtime(stale.args[0]), "j F Y, H:i")})
            return redirect(change_url)
        messages.success(request, _("Marked as clinically reviewed by %(name)s. Print sheets now say so.")
                         % {"name": obj.reviewer_name})
        return redirect(change_url)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Explicitly here, in the admin's save path (not in a signal): what a parent reads or does has changed.
        if not change or _changes_parent_facing(form, formsets):
            form.instance.mark_changed()


def _changes_parent_facing(form, formsets):
    if model_fields(type(form.instance), form.changed_data) & form.instance.REVIEWED_FIELDS:
        return True
    for formset in formsets:
        reviewed = getattr(formset.model, "REVIEWED_FIELDS", None)
        if reviewed is None:
            continue
        if formset.new_objects or formset.deleted_objects:
            return True
        if any(model_fields(formset.model, changed) & reviewed for _obj, changed in formset.changed_objects):
            return True
    return False


def model_fields(model, names):
    """Form fields by the model field they write: a text's box in any language (title_en, title_ru, title_es,
    django-modeltranslation) is that text ("title"), so that a change to any language's words counts."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return set(names)
    columns = {column.name: text for text, columns in options.all_fields.items() for column in columns}
    return {columns.get(name, name) for name in names}


# --- routines and their steps ------------------------------------------------------------------------------------

class AgeFilter(admin.SimpleListFilter):
    """Content suitable for a baby of the chosen age."""

    title = gettext_lazy("suitable at age")
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


def thumbnail(obj):
    if not obj.image:
        return "—"
    return format_html('<img src="{}" alt="" height="60">', obj.image.url)


thumbnail.short_description = gettext_lazy("image")


@admin.display(description=gettext_lazy("from age"), ordering="min_age_days")
def from_age(obj):
    return age_in_words(obj.min_age_days)


@admin.display(description=gettext_lazy("up to age"), ordering="max_age_days")
def up_to_age(obj):
    return age_in_words(obj.max_age_days)


class StepInline(AgesInWeeksAndMonths, SortableStackedInline, TranslationStackedInline):
    """The steps, one summary row each (drag the row to reorder it), each opening to its full form."""

    model = Step
    form = StepForm
    formset = StepInlineFormSet
    template = "admin/routines/step/compact_inline.html"
    extra = 0
    ordering = ["order", "pk"]
    # Each text's boxes in English, Russian and Spanish one under the other, so none of them shares a line.
    fields = ["title", "instruction", "technique", "direction", ("repetitions", "seconds"), "min_age_days",
              "caution", "source_note", "diagram", "image"]

    def get_queryset(self, request):
        # Each summary row names the technique and the age the step starts at (which reads the routine).
        return super().get_queryset(request).select_related("routine", "technique")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "diagram":
            return forms.TypedChoiceField(
                choices=[("", _("No drawing")), *diagram_choices()], required=False, widget=DiagramPicker,
                label=db_field.verbose_name.capitalize(), help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Routine)
class RoutineAdmin(SortableAdminBase, ReviewedContentAdmin):
    form = RoutineForm
    inlines = [StepInline]
    list_display = ["title", "body_area", from_age, up_to_age, "minutes", "published", "order", "clinical_review",
                    thumbnail]
    list_editable = ["published", "order"]
    list_filter = ["body_area", "published", AwaitingReviewFilter, AgeFilter]
    search_fields = ["title", "summary", "steps__title", "steps__instruction"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["updated_at"]  # the illustration shows itself beside its upload box

    class Media:
        css = {"all": ["css/diagrams.css"]}  # the steps' pictures

    def get_urls(self):
        return [
            path("not-translated/", self.admin_site.admin_view(self.not_translated_view),
                 name="routines_not_translated"),
            *super().get_urls(),
        ]

    def not_translated_view(self, request):
        """"Not translated yet": the content whose English is written but whose Russian or Spanish is not."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Not translated yet"), "subtitle": None, "opts": self.model._meta,
            "app_label": self.model._meta.app_label, "languages": not_translated(self.admin_site, request),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/routines/not_translated.html", context)


@admin.register(Technique)
class TechniqueAdmin(ContentAdmin):
    list_display = ["name", "effect", from_age, "order"]
    list_filter = ["effect"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A technique's name and age are printed with every step that uses it: those routines need a review.
        if change and {"name", "min_age_days"} & model_fields(Technique, form.changed_data):
            for routine in Routine.objects.filter(steps__technique=obj).distinct():
                routine.mark_changed()


# --- courses -----------------------------------------------------------------------------------------------------

TABLE_INLINE = "admin/routines/tabular_inline.html"


class CourseRoutineInline(SortableTabularInline):
    model = CourseRoutine
    form = TableRowForm
    template = TABLE_INLINE
    formset = OncePerCourseFormSet
    extra = 0
    ordering = ["order", "pk"]
    fields = ["routine"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("course", "routine")  # each row names both

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "routine":
            field.choices = list(field.choices)  # read once for all the rows, not once per row
        return field


class StepChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, step):
        return f"{step.routine.title}: {step.title}"


class CourseStepInline(admin.TabularInline):
    """The session plan: one row per move, with the session that adds it."""

    model = CourseStep
    form = TableRowForm
    template = TABLE_INLINE
    formset = PlanFormSet
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
class CourseAdmin(SortableAdminBase, ReviewedContentAdmin):
    inlines = [CourseRoutineInline, CourseStepInline]
    list_display = ["title", from_age, up_to_age, "sessions", "minutes_per_session", "published", "clinical_review"]
    list_editable = ["published"]
    list_filter = ["published", AwaitingReviewFilter, AgeFilter]
    search_fields = ["title", "intro", "milestone"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["plan_summary"]
    ordering = ["min_age_days", "max_age_days", "title"]  # a new course takes its place by age

    @admin.display(description=gettext_lazy("what the plan's sessions take"))
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


# --- games, the checklist, sources, calming strokes, clinics ------------------------------------------------------

class GameLineInline(SortableTabularInline, TranslationTabularInline):
    model = GameLine
    form = TableRowForm
    template = TABLE_INLINE
    formset = PlainFormSet
    extra = 0
    ordering = ["order", "pk"]
    fields = ["verse", "movement"]


@admin.register(Game)
class GameAdmin(SortableAdminBase, ContentAdmin):
    inlines = [GameLineInline]
    list_display = ["title", "kind", "min_age_years", "max_age_years", "published", "order"]
    list_editable = ["published", "order"]
    list_filter = ["kind", "published", "min_age_years"]
    search_fields = ["title", "intro", "lines__verse"]
    prepopulated_fields = {"slug": ["title"]}


class StaleOrder(Exception):
    """A reorder sent from a list that has changed since the page was loaded."""


@admin.register(ChecklistItem)
class ChecklistItemAdmin(SortableAdminMixin, ContentAdmin):
    """The "before you start" list, in the order parents see it: drag a row to move it (saved at once)."""

    list_display = ["title"]
    search_fields = ["title", "text", "source_note"]

    class Media:
        # django-admin-sortable2 only writes a refused move to the console: reload so the message shows.
        js = ["js/admin_sortable_refused.js"]

    def update_order(self, request):
        """A drag in the list: [[pk, new order], …] for the rows between where the item was and where it went.

        Refused whole (409, with a message on the page it reloads) when the list has changed since the page was
        loaded: an item gone, or another editor's move in between, so that the rows sent are no longer next to
        each other or their new places would collide with a row outside them."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        try:
            items = [(int(pk), int(order)) for pk, order in json.loads(request.body)["updatedItems"]]
            if not items or any(order < 0 for _pk, order in items) or len({pk for pk, _o in items}) != len(items):
                raise ValueError
        except (ValueError, TypeError, KeyError, json.JSONDecodeError):
            messages.error(request, _("That move did not arrive whole, so nothing was changed. Move the item again."))
            return HttpResponse(status=400)
        try:
            with transaction.atomic(), reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(_("Changed the order of the list."))
                self._apply_order(dict(items))
        except StaleOrder:
            messages.error(request, _(
                "The list changed while you had it open (someone else moved, added or deleted an item), so your "
                "move was not saved. The list below is the order now: move the item again."))
            return HttpResponse(status=409)
        return HttpResponse(status=200)

    def _apply_order(self, new_orders):
        rows = list(ChecklistItem.objects.select_for_update().order_by("order", "pk"))
        positions = [index for index, row in enumerate(rows) if row.pk in new_orders]
        if len(positions) != len(new_orders) or positions != list(range(positions[0], positions[-1] + 1)):
            raise StaleOrder
        before = rows[positions[0] - 1].order if positions[0] > 0 else -1
        after = rows[positions[-1] + 1].order if positions[-1] + 1 < len(rows) else None
        if sorted(new_orders.values()) != sorted(set(new_orders.values())) or min(new_orders.values()) <= before or (
                after is not None and max(new_orders.values()) >= after):
            raise StaleOrder
        for row in rows:
            if row.pk in new_orders and row.order != new_orders[row.pk]:
                row.order = new_orders[row.pk]
                row.save(update_fields=["order"])
                reversion.add_to_revision(row)


@admin.register(SourceChoice)
class SourceChoiceAdmin(ContentAdmin):
    list_display = ["title", "order"]
    list_editable = ["order"]
    search_fields = ["title", "article_says", "we_do", "reason"]
    prepopulated_fields = {"slug": ["title"]}
    # Seven routines: a box for each, rather than the two-list picker (whose script-made icons axe refuses).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


@admin.register(CalmingStroke)
class CalmingStrokeAdmin(ContentAdmin):
    list_display = ["title", "body_area", "order"]
    list_editable = ["order"]
    search_fields = ["title", "instruction"]


@admin.register(Clinic)
class ClinicAdmin(ContentAdmin):
    form = ClinicForm
    list_display = ["name", "slug", "phone"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}



# --- what is not translated yet ----------------------------------------------------------------------------------

# Which of a model's objects the list looks at, where not all of them: the questions of the questionnaire parents
# answer now (an older version's are kept for the answers given to them, and are not read again).
TRANSLATION_SCOPES = {
    Question: lambda rows: rows.filter(version=QuestionnaireVersion.objects.order_by("-number").values("pk")[:1]),
}


@dataclass
class Untranslated:
    """One object with texts written in English but not in a language: what to open, and which texts."""

    kind: str
    name: str
    missing: list
    url: str


@dataclass
class LanguageGap:
    code: str
    name: str
    objects: list


def edited_on(admin_site):
    """The models edited as rows on another model's admin page (a routine's steps, a game's lines, a questionnaire
    version's questions): model → the foreign key to the object whose page that is."""
    parents = {}
    for parent, model_admin in admin_site._registry.items():
        for inline in model_admin.inlines:
            for fk in inline.model._meta.concrete_fields:
                if (fk.many_to_one and fk.related_model is parent and inline.fk_name in (None, fk.name)
                        and inline.model not in parents):
                    parents[inline.model] = fk
    return parents


def not_translated(admin_site, request):
    """Per language other than English, every object (of the content the user may see in admin) with a text whose
    English is written and whose translation is empty, with those texts and the admin page to write them on.
    One query per translated model."""
    english = translation_settings.DEFAULT_LANGUAGE
    languages = [code for code in translation_settings.AVAILABLE_LANGUAGES if code != english]
    found = {code: [] for code in languages}
    parents = edited_on(admin_site)
    for model in translator.get_registered_models(abstract=False):
        fk = parents.get(model)
        page_model = fk.related_model if fk else model
        page_admin = admin_site._registry.get(page_model)
        if page_admin is None or not page_admin.has_view_or_change_permission(request):
            continue
        # In the order of the page's boxes.
        texts = sorted(translator.get_options_for_model(model).fields,
                       key=lambda text: model._meta.get_field(text).creation_counter)
        wanted = Q()
        for text in texts:
            for code in languages:
                wanted |= Q(**{f"{text}_{english}__gt": ""}) & (
                    Q(**{f"{text}_{code}__isnull": True}) | Q(**{f"{text}_{code}": ""}))
        rows = model._default_manager.filter(wanted)
        if fk is not None:
            rows = rows.select_related(fk.name)
        rows = TRANSLATION_SCOPES.get(model, lambda rows: rows)(rows)
        for obj in rows:
            page = getattr(obj, fk.name) if fk else obj
            url = reverse(f"admin:{page_model._meta.app_label}_{page_model._meta.model_name}_change",
                          args=[page.pk])
            with translation.override(english):  # every object is known by its English name
                name, page_name = str(obj), str(page)
            if fk is not None:
                name = _("%(name)s (%(parent)s “%(page)s”)") % {
                    "name": name, "parent": page_model._meta.verbose_name, "page": page_name}
            for code in languages:
                missing = [capfirst(model._meta.get_field(text).verbose_name) for text in texts
                           if getattr(obj, f"{text}_{english}") and not getattr(obj, f"{text}_{code}")]
                if missing:
                    found[code].append(Untranslated(kind=capfirst(model._meta.verbose_name), name=name,
                                                    missing=missing, url=url))
    return [LanguageGap(code=code, name=translation.get_language_info(code)["name_translated"],
                        objects=found[code]) for code in languages]

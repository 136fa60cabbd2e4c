"""Loads the content library from fixtures/ without ever overwriting an editor's work.

Each object is found by its slug (a calming stroke by its body area). One that already exists is left
exactly as it is, children included (steps, course routines, game lines, a choice's routines): the editor
owns it from the moment it is in the database. Only objects that are missing are created, each checked with
full_clean() first. Running the loader twice therefore changes nothing.

Two things added after the first release reach installs that already have the content, and neither can
undo an edit: a course with no session plan at all gets the shipped plan (a move whose step an editor has
renamed or moved, or that no longer fits the course, is skipped and reported), and a "before you start"
item whose source note is still empty gets the shipped note. The shipped texts that were corrected at the
same time are changed by the data migration routines/0006, only where they are still the old shipped text.

Translations (fixtures/ru/, fixtures/es/: the same lists, in the same order, with only the translated fields)
are filled in where a field's translation is still empty and its English is still the shipped English, so an
editor's translation, or a translation of text an editor has since rewritten, is never replaced.

Routines and courses it creates count as clinically reviewed by the project (their print sheets say so until an
editor changes them). Everything it creates is kept in the content history as the shipped version, and content
that has no version yet (loaded before the history was kept) gets one, so an editor's first change can be undone.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from modeltranslation.translator import translator
from reversion.models import Version

from routines.models import (
    CalmingStroke,
    ChecklistItem,
    ClinicallyReviewed,
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

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)
    kept: dict = field(default_factory=dict)
    filled: dict = field(default_factory=dict)  # empty fields of existing objects filled from the fixtures
    translated: dict = field(default_factory=dict)  # objects given a translation they did not have
    skipped: list = field(default_factory=list)  # what could not be added to an editor's objects, and why

    def count(self, bucket, label):
        getattr(self, bucket)[label] = getattr(self, bucket).get(label, 0) + 1

    def lines(self):
        labels = sorted(set(self.created) | set(self.kept) | set(self.filled))
        lines = []
        for label in labels:
            line = f"{label}: {self.created.get(label, 0)} added, {self.kept.get(label, 0)} kept"
            if self.filled.get(label):
                line += f", {self.filled[label]} filled in"
            lines.append(line)
        lines += [f"translated into {label}: {count}" for label, count in sorted(self.translated.items())]
        return lines + [f"skipped: {reason}" for reason in self.skipped]


def _read(directory, name):
    with open(Path(directory) / f"{name}.json", encoding="utf-8") as handle:
        return json.load(handle)


def _create(model, data):
    obj = model(**data)
    if isinstance(obj, ClinicallyReviewed):
        obj.mark_shipped()
    obj.full_clean()
    obj.save()
    return obj


def _load_children(report, label, model, parent_field, parent, rows, build):
    for order, row in enumerate(rows, start=1):
        _create(model, {parent_field: parent, "order": order, **build(row)})
        report.count("created", label)


def _plan_rows(plan):
    """(session, "routine-slug/Step title") for each move of a course's plan in the fixtures."""
    for stage in plan:
        for ref in stage["adds"]:
            yield stage["session"], ref


def _find_step(ref):
    routine_slug, _, title = ref.partition("/")
    steps = Step.objects.select_related("routine", "technique").filter(routine__slug=routine_slug, title=title)
    return steps.order_by("order", "pk").first()


def _load_plan(report, course, plan, *, strict):
    """Add the fixtures' session plan to `course`. `strict` (a course created just now): any move that cannot
    be added is a fault of the fixtures. Otherwise (an editor's course) such a move is skipped and reported."""
    for session, ref in _plan_rows(plan):
        step = _find_step(ref)
        try:
            if step is None:
                raise ValidationError(f"no step {ref!r}")
            _create(CourseStep, {"course": course, "step": step, "from_session": session})
        except ValidationError as error:
            if strict:
                raise ValidationError(f"Course {course.slug}, plan move {ref}: {error}") from error
            report.skipped.append(f"course {course.slug}: plan move {ref} ({'; '.join(error.messages)})")
            continue
        report.count("created", "session plan moves")


def _keep_first_versions():
    """Put the content that has no version in the history yet into the revision being made."""
    for model in reversion.get_registered_models():
        if model._meta.app_label != "routines":
            continue
        kept = Version.objects.get_for_model(model).values_list("object_id", flat=True)
        for obj in model.objects.exclude(pk__in=[int(pk) for pk in kept]):
            reversion.add_to_revision(obj)


# Each fixture file's model, the key that finds its object, and its list of children: (fixture key, related
# name, the child field that finds one by its English text).
TRANSLATED_FIXTURES = {
    "techniques": (Technique, "slug", None),
    "routines": (Routine, "slug", ("steps", "steps", "title")),
    "courses": (Course, "slug", None),
    "games": (Game, "slug", ("lines", "lines", "verse")),
    "checklist": (ChecklistItem, "slug", None),
    "choices": (SourceChoice, "slug", None),
    "calming": (CalmingStroke, "body_area", None),
}


def translated_fields(model):
    return list(translator.get_options_for_model(model).fields)


def _translate(report, obj, english, translated, language):
    """Fill `obj`'s empty `language` fields from `translated` where its English is still `english`'s."""
    changed = []
    for name in translated_fields(type(obj)):
        local = f"{name}_{language}"
        if (translated.get(name) and not getattr(obj, local)
                and getattr(obj, f"{name}_en") == english.get(name)):
            setattr(obj, local, translated[name])
            changed.append(local)
    if changed:
        obj.save(update_fields=changed)
        report.translated[language] = report.translated.get(language, 0) + 1


def _load_translations(report, directory, language):
    for name, (model, key, children) in TRANSLATED_FIXTURES.items():
        if not (Path(directory) / language / f"{name}.json").exists():
            continue
        for english, local in zip(_read(directory, name), _read(Path(directory) / language, name), strict=True):
            obj = model.objects.filter(**{key: english[key]}).first()
            if obj is None:
                continue
            _translate(report, obj, english, local, language)
            if children:
                rows, related, finder = children
                found = {getattr(child, f"{finder}_en"): child for child in getattr(obj, related).all()}
                for english_child, local_child in zip(english[rows], local[rows], strict=True):
                    child = found.get(english_child[finder])
                    if child is not None:
                        _translate(report, child, english_child, local_child, language)


def load_content(directory=FIXTURES_DIR):
    """Add whatever content is missing. Returns a LoadReport; raises ValidationError on bad fixtures."""
    with translation.override(settings.LANGUAGE_CODE):
        return _load_content(directory)


def _load_content(directory):
    report = LoadReport()
    with transaction.atomic(), reversion.create_revision():
        reversion.set_comment("Loaded from the content shipped with the app.")
        _keep_first_versions()
        techniques = {}
        for row in _read(directory, "techniques"):
            technique = Technique.objects.filter(slug=row["slug"]).first()
            if technique:
                report.count("kept", "techniques")
            else:
                technique = _create(Technique, row)
                report.count("created", "techniques")
            techniques[technique.slug] = technique

        for row in _read(directory, "routines"):
            steps = row.pop("steps")
            if Routine.objects.filter(slug=row["slug"]).exists():
                report.count("kept", "routines")
                continue
            if row.get("published") and not steps:
                raise ValidationError(f"Routine {row['slug']}: a published routine needs at least one step.")
            routine = _create(Routine, row)
            report.count("created", "routines")
            _load_children(
                report, "steps", Step, "routine", routine, steps,
                lambda step: {**step, "technique": techniques[step["technique"]]},
            )

        for row in _read(directory, "courses"):
            slugs, plan = row.pop("routines"), row.pop("plan", [])
            course = Course.objects.filter(slug=row["slug"]).first()
            if course is not None:
                report.count("kept", "courses")
                if plan and not course.plan.exists():  # an install from before session plans existed
                    _load_plan(report, course, plan, strict=False)
                    # Its handout now prints the plan: a new content version, dated like an edit (no text changes).
                    Course.objects.filter(pk=course.pk).update(updated_at=timezone.now())
                continue
            course = _create(Course, row)
            report.count("created", "courses")
            _load_children(
                report, "course routines", CourseRoutine, "course", course, slugs,
                lambda slug: {"routine": Routine.objects.get(slug=slug)},
            )
            _load_plan(report, course, plan, strict=True)

        for row in _read(directory, "games"):
            lines = row.pop("lines")
            if Game.objects.filter(slug=row["slug"]).exists():
                report.count("kept", "games")
                continue
            game = _create(Game, row)
            report.count("created", "games")
            _load_children(report, "game lines", GameLine, "game", game, lines, dict)

        for row in _read(directory, "checklist"):
            item = ChecklistItem.objects.filter(slug=row["slug"]).first()
            if item is None:
                _create(ChecklistItem, row)
                report.count("created", "checklist items")
                continue
            report.count("kept", "checklist items")
            if not item.source_note and row.get("source_note"):  # a field added after the item was loaded
                item.source_note = row["source_note"]
                item.save(update_fields=["source_note"])
                report.count("filled", "checklist items")

        for row in _read(directory, "choices"):
            slugs = row.pop("routines")
            if SourceChoice.objects.filter(slug=row["slug"]).exists():
                report.count("kept", "sources and choices")
                continue
            choice = _create(SourceChoice, row)
            choice.routines.set(Routine.objects.filter(slug__in=slugs))
            report.count("created", "sources and choices")

        for row in _read(directory, "calming"):
            if CalmingStroke.objects.filter(body_area=row["body_area"]).exists():
                report.count("kept", "calming strokes")
            else:
                _create(CalmingStroke, row)
                report.count("created", "calming strokes")

        for language, _name in settings.LANGUAGES:
            if language != settings.LANGUAGE_CODE:
                _load_translations(report, directory, language)
    return report

"""Loads the content library from fixtures/ without ever overwriting an editor's work.

Each object is found by its slug. One that already exists is left exactly as it is, children included
(steps, course routines, game lines): the editor owns it from the moment it is in the database. Only
objects that are missing are created, each checked with full_clean() first. Running the loader twice
therefore changes nothing.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from routines.models import ChecklistItem, Course, CourseRoutine, Game, GameLine, Routine, Step, Technique

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)
    kept: dict = field(default_factory=dict)

    def count(self, bucket, label):
        getattr(self, bucket)[label] = getattr(self, bucket).get(label, 0) + 1

    def lines(self):
        labels = sorted(set(self.created) | set(self.kept))
        return [f"{label}: {self.created.get(label, 0)} added, {self.kept.get(label, 0)} kept" for label in labels]


def _read(directory, name):
    with open(Path(directory) / f"{name}.json", encoding="utf-8") as handle:
        return json.load(handle)


def _create(model, data):
    obj = model(**data)
    obj.full_clean()
    obj.save()
    return obj


def _load_children(report, label, model, parent_field, parent, rows, build):
    for order, row in enumerate(rows, start=1):
        _create(model, {parent_field: parent, "order": order, **build(row)})
        report.count("created", label)


def load_content(directory=FIXTURES_DIR):
    """Add whatever content is missing. Returns a LoadReport; raises ValidationError on bad fixtures."""
    report = LoadReport()
    with transaction.atomic():
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
            slugs = row.pop("routines")
            if Course.objects.filter(slug=row["slug"]).exists():
                report.count("kept", "courses")
                continue
            course = _create(Course, row)
            report.count("created", "courses")
            _load_children(
                report, "course routines", CourseRoutine, "course", course, slugs,
                lambda slug: {"routine": Routine.objects.get(slug=slug)},
            )

        for row in _read(directory, "games"):
            lines = row.pop("lines")
            if Game.objects.filter(slug=row["slug"]).exists():
                report.count("kept", "games")
                continue
            game = _create(Game, row)
            report.count("created", "games")
            _load_children(report, "game lines", GameLine, "game", game, lines, dict)

        for row in _read(directory, "checklist"):
            if ChecklistItem.objects.filter(slug=row["slug"]).exists():
                report.count("kept", "checklist items")
            else:
                _create(ChecklistItem, row)
                report.count("created", "checklist items")
    return report

"""The content fields that are written in every language the app speaks (settings.LANGUAGES), with
django-modeltranslation: each gets a column per language (title_en, title_ru, title_es) on the same table, so
reading a step in any language costs no extra query or join. A missing translation reads as the English
(MODELTRANSLATION_FALLBACK_LANGUAGES). The fixtures carry the translations (fixtures/<language>/)."""

from modeltranslation.translator import TranslationOptions, register

from routines.models import (
    CalmingStroke,
    ChecklistItem,
    Clinic,
    Course,
    Game,
    GameLine,
    Routine,
    SourceChoice,
    Step,
    Technique,
)


@register(Technique)
class TechniqueTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Routine)
class RoutineTranslation(TranslationOptions):
    fields = ("title", "summary", "position", "cautions")


@register(Step)
class StepTranslation(TranslationOptions):
    fields = ("title", "instruction", "direction", "caution", "source_note")


@register(Course)
class CourseTranslation(TranslationOptions):
    fields = ("title", "milestone", "intro")


@register(Game)
class GameTranslation(TranslationOptions):
    fields = ("title", "intro")


@register(GameLine)
class GameLineTranslation(TranslationOptions):
    fields = ("verse", "movement")


@register(ChecklistItem)
class ChecklistItemTranslation(TranslationOptions):
    fields = ("title", "text", "source_note")


@register(CalmingStroke)
class CalmingStrokeTranslation(TranslationOptions):
    fields = ("title", "instruction", "source_note")


@register(SourceChoice)
class SourceChoiceTranslation(TranslationOptions):
    fields = ("title", "article_says", "we_do", "reason")


@register(Clinic)
class ClinicTranslation(TranslationOptions):
    fields = ("note",)

"""The questionnaire's words in every language (django-modeltranslation: text_en, text_ru, text_es on the same
row). A question keeps its id and version in every language; a new wording in one language is not a new
version, a new question or meaning is."""

from modeltranslation.translator import TranslationOptions, register

from safety.models import Question


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "term")

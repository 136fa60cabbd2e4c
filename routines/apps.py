from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutinesConfig(AppConfig):
    name = "routines"
    verbose_name = _("Massage content")

    def ready(self):
        # After django-modeltranslation's ready() (before this app in INSTALLED_APPS) has added each language's columns.
        from routines.history import keep_every_language_in_the_history

        keep_every_language_in_the_history()

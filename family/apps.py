from django.apps import AppConfig


class FamilyConfig(AppConfig):
    """A family's records as a whole, across the safety and guide apps: download them all, erase them, and the
    privacy page that says what they are."""

    name = "family"
    verbose_name = "Families and their data"

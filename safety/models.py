from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyArea(models.TextChoices):
    """The seven body areas. Kept here so a clinician's clearance can leave areas out without
    the safety app knowing anything about the massage content."""

    HEAD = "head", _("Head & face")
    STOMACH = "stomach", _("Stomach")
    CHEST = "chest", _("Chest")
    ARMS = "arms", _("Hands & arms")
    LEGS = "legs", _("Legs")
    FEET = "feet", _("Feet")
    BACK = "back", _("Back")

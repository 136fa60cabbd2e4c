"""The direction diagrams a step can show: hand-written inline SVG, one per movement.

DIAGRAMS maps a stable name (what Step.diagram stores) to its label for editors and a text
alternative that says the same as the picture in words. The SVG itself is the template
templates/diagrams/<name>.svg.
"""

from django.utils.translation import gettext_lazy as _

DIAGRAMS = {
    "stomach-clockwise": {
        "label": _("Stomach: clockwise circles"),
        "alt": _("Baby on the back. Your hand circles the tummy clockwise around the belly button, "
                 "staying off the baby's right side under the ribs."),
    },
}


def diagram_choices():
    return [(name, info["label"]) for name, info in DIAGRAMS.items()]

"""What each outcome and reason means, in plain words (school grade 8 or below, checked by a test)."""

from django.utils.translation import gettext_lazy as _

from safety.rules import Outcome

OUTCOMES = {
    Outcome.URGENT_CARE: {
        "meaning": _("Your baby is under 3 months old and has a temperature of 38 °C or more. "
                     "This can be serious in a young baby."),
        "todo": _("Do not massage. Call your doctor or an emergency line now, or go to the nearest emergency room."),
        "come_back": _("Come back only when a doctor has seen your baby and your baby is well again."),
    },
    Outcome.NEEDS_CLEARANCE: {
        "meaning": _("One or more answers mean a doctor should say massage is safe for your baby first."),
        "todo": _("Show your answers to your baby's doctor. If the doctor agrees, write down who said yes and "
                  "when, and any body parts to leave out. You can do this on the next page."),
        "come_back": _("Come back when you have the doctor's answer."),
    },
    Outcome.NOT_TODAY: {
        "meaning": _("Today is not a good time for massage."),
        "todo": _("Let your baby rest. Comfort and cuddles are fine."),
        "come_back": _("Check again later, at the time shown below."),
    },
    Outcome.NOT_YET: {
        "meaning": _("Your baby is too young for massage. Massage can start when a baby is 2 weeks old, "
                     "and only when the doctor agrees."),
        "todo": _("Hold and cuddle your baby as much as you like. Ask your doctor about massage at the next visit."),
        "come_back": _("Come back on the date shown below."),
    },
    Outcome.CLEARED_WITH_CONDITIONS: {
        "meaning": _("You can massage your baby, but leave out the body parts the doctor named."),
        "todo": _("Before each session, answer the short check about today."),
        "come_back": _("Answer the health questions again in 30 days, or sooner if your baby's health changes."),
    },
    Outcome.CLEARED: {
        "meaning": _("Nothing in your answers stops a gentle massage."),
        "todo": _("Before each session, answer the short check about today."),
        "come_back": _("Answer the health questions again in 30 days, or sooner if your baby's health changes."),
    },
}

DAILY_REASONS = {
    "unwell": _("Your baby seems unwell. Wait until your baby is well again."),
    "fever": _("Your baby has a fever. Wait until it is gone, and call your doctor if you are worried."),
    "urgent_fever": _("A young baby with a fever needs a doctor now."),
    "hungry": _("Your baby is hungry. Feed your baby first, then wait 40 minutes."),
    "just_fed": _("Your baby fed a short time ago. A full tummy needs time to settle."),
    "vaccine": _("Your baby had a vaccine in the last 2 days. Wait 2 days after a vaccine."),
    "skin": _("There is a new rash or broken skin. Wait until the skin has healed, or ask your doctor."),
    "vomiting": _("Your baby has been sick or had diarrhoea. Wait until your baby is well again."),
    "asleep": _("Your baby is asleep. Never wake a baby for massage. Try when your baby wakes up happy."),
    "upset": _("Your baby is crying or turning away. Try later, when your baby is calm and content."),
}

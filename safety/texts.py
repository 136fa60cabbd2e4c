"""What each outcome and reason means, in plain words (school grade 8 or below, checked by a test)."""

from django.utils.translation import gettext_lazy as _

from safety.rules import Outcome

OUTCOMES = {
    Outcome.URGENT_CARE: {
        "meaning": _("Your answers show a sign that needs a doctor now. In a young baby, this can be serious."),
        "todo": _("Do not massage. Call your doctor now. If you cannot reach them, call an emergency line "
                  "or go to the nearest emergency room."),
        "come_back": _("Come back when a doctor has seen your baby and your baby is well again. "
                       "This stop stays for at least 24 hours."),
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
        "come_back": _("Check again after the time shown below. A new check before then cannot lift this stop."),
    },
    Outcome.NOT_YET: {
        "meaning": _("Your baby is too young for massage at home. It can start when your baby is 6 weeks old. "
                     "If a nurse, doctor or baby massage teacher has shown you how, it can start at 2 weeks. "
                     "For a baby born early, we count from the due date."),
        "todo": _("Hold and cuddle your baby as much as you like. Ask your doctor about massage at the next visit."),
        "come_back": _("Come back on the date shown below."),
    },
    Outcome.CLEARED_WITH_CONDITIONS: {
        "meaning": _("You can massage your baby, but leave out the body parts named below."),
        "todo": _("Before each session, answer the short check about today."),
        "come_back": _("Answer the health questions again in 30 days, or sooner if your baby's health changes."),
    },
    Outcome.CLEARED: {
        "meaning": _("Nothing in your answers stops a gentle massage."),
        "todo": _("Before each session, answer the short check about today."),
        "come_back": _("Answer the health questions again in 30 days, or sooner if your baby's health changes."),
    },
}

# The screening's own stops: they come from how the baby is right now, and no doctor's approval lifts them.
SCREENING_STOPS = {
    Outcome.URGENT_CARE: {
        "meaning": _("A bulge that is hard or sore, or that does not go back in, needs a doctor now."),
        "todo": _("Do not massage. Call your doctor now, or go to the nearest emergency room."),
        "come_back": _("When a doctor has seen your baby, answer the health questions again."),
    },
    Outcome.NOT_TODAY: {
        "meaning": _("Your baby is ill right now. No massage until your baby is well again."),
        "todo": _("Let your baby rest. Comfort and cuddles are fine. Call your doctor if you are worried."),
        "come_back": _("When your baby is well again, answer the health questions again."),
    },
}

DAILY_REASONS = {
    "unwell": _("Your baby seems unwell. Wait until your baby is well again."),
    "measure_now": _("Take your baby's temperature now. Call your doctor now if your baby is under 3 months old "
                     "and it is 38 °C (100.4 °F) or more, or under 36 °C (96.8 °F). Call now too if your baby is "
                     "3 to 6 months old and it is 39 °C (102.2 °F) or more."),
    "fever": _("Your baby has a fever. Wait until it is gone, and call your doctor if you are worried."),
    "cold": _("Your baby's temperature is low. Warm your baby up and measure again. "
              "Call your doctor if it stays under 36 °C (96.8 °F)."),
    "urgent_fever_young": _("A baby under 3 months old with a temperature of 38 °C (100.4 °F) or more needs a "
                            "doctor now."),
    "urgent_cold_young": _("A baby under 3 months old with a temperature under 36 °C (96.8 °F) needs a doctor now."),
    "urgent_fever": _("A baby 3 to 6 months old with a temperature of 39 °C (102.2 °F) or more needs a doctor. "
                      "Call your doctor now."),
    "hungry": _("Your baby is hungry. Feed your baby first, then wait 45 minutes."),
    "just_fed": _("Your baby fed a short time ago. A full tummy needs time to settle."),
    "vaccine": _("Your baby had a vaccine in the last 2 days. Wait 2 days after a vaccine."),
    "vaccine_area": _("Your baby had a vaccine 2 to 3 days ago. Leave out the part where the needle went in, "
                      "and any spot that is sore, red or swollen."),
    "skin": _("There is a new rash or broken skin. Wait until the skin has healed, or ask your doctor."),
    "vomiting": _("Your baby has been sick or had diarrhoea. Wait until your baby is well again."),
    "asleep": _("Your baby is asleep. Never wake a baby for massage. Try when your baby wakes up happy."),
    "upset": _("Your baby is crying or turning away. Try later, when your baby is calm and content."),
}

# Why a clearance's dates are refused (codes from rules.clearance_problems). %(months)s and %(date)s are the
# longest an approval may run and its last possible day.
CLEARANCE_ERRORS = {
    "future": _("The approval date cannot be in the future."),
    "before_birth": _("The approval cannot be from before your baby was born."),
    "before_approval": _("The approval cannot end before it was given."),
    "past": _("The end date must be after today. An approval that has ended does not count."),
    "too_long": _("An approval you write down here counts for at most %(months)s months, so until %(date)s "
                  "at the latest."),
}


# Links sent by email (invitations, a new email address): why one does not work, and what to do.
LINK_BROKEN = _("This link is not complete or was changed. Open the link from the email again, or ask for a new one.")
LINK_EXPIRED = _("This link is too old. Links work for a short time only. Ask for a new one.")
LINK_USED = _("This link was used already. Each link works once. If you need to, ask for a new one.")
INVITATION_WITHDRAWN = _("This invitation was taken back, or the baby is no longer here. "
                         "Ask the parent to send a new one.")
MAIL_NOT_SENT = _("We could not send the email just now. Nothing was sent. Please try again in a few minutes.")

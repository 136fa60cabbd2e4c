"""Questionnaire version 2. Every parent answers again (a new version forces a new screening); version 1's
rows are left exactly as they are.

What changed, following ../shared/DESIGN.md "Safety" and the source article's list of contraindications:
- "ill right now" stops massage until the baby is well (NOT_TODAY); it never leads to a doctor's clearance;
- any heart condition from birth, or one a heart specialist follows (not only one that makes the lips blue);
- a broken bone or a birth injury (collarbone, arm nerve) needs a clearance, and we suggest leaving out the arms;
- an operation in the last 3 months, seizures, a neurological or developmental condition, X- or O-shaped legs;
- skin: weeping, cracked or infected skin (dry eczema cared for with a moisturiser is not a stop);
- any hernia needs a clearance; one that is hard, sore or does not go back in needs a doctor now (URGENT_CARE);
- a belly button not yet healed (asked while the baby is under 6 weeks) leaves the stomach out until it heals;
- has a nurse, doctor or infant-massage instructor shown you how: massage can then start at 14 days, not 42.
Question ids are kept only where the question still means the same.
"""

from django.db import migrations


def q(qid, group, text, term="", concern="yes", effect="clearance", areas=(), follows="", ask_under_days=None):
    return {"qid": qid, "group": group, "text": text, "term": term, "concern_answer": concern, "effect": effect,
            "areas": list(areas), "follows": follows, "ask_under_days": ask_under_days}


QUESTIONS = [
    q("born_early", "eligibility", "Was your baby born before week 37 of the pregnancy?", "premature birth"),
    q("intensive_care", "eligibility", "After birth, did your baby stay in a special care unit for newborns?",
      "neonatal intensive care, NICU"),
    q("acute_illness", "now", "Is your baby ill right now, for example with a fever or an infection?",
      "acute illness", effect="not_today"),
    q("cord_stump", "now", "Is your baby's belly button still healing, or is the stump of the cord still on?",
      "umbilical cord stump", effect="leave_out", areas=["stomach"], ask_under_days=42),
    q("tuberculosis", "standing", "Does your baby have TB that is active now?", "active tuberculosis"),
    q("malnutrition", "standing", "Has a doctor said your baby is very underweight or not getting enough food?",
      "severe malnutrition"),
    q("infected_skin", "standing",
      "Does your baby have skin that weeps, is cracked or looks infected? Or a gland, bone or joint that is red, "
      "hot and swollen? Dry skin or eczema that you care for with a moisturiser does not count.",
      "impetigo, infected eczema, lymphadenitis, phlegmon, osteomyelitis, purulent arthritis"),
    q("fragile_bones", "standing",
      "Has a doctor said your baby's bones break easily, or do the bones hurt when touched?", "fragile bones"),
    q("broken_bone", "standing",
      "Has your baby broken a bone? Or was a bone or a nerve in the arm or shoulder hurt at birth?",
      "fracture, broken collarbone, brachial plexus injury", areas=["arms"]),
    q("rickets", "standing", "Does your baby have rickets right now, with skin that is very sore to touch?",
      "active rickets"),
    q("heart", "standing", "Was your baby born with a heart problem, or does a heart doctor see your baby?",
      "congenital heart disease, followed by a cardiologist"),
    q("bleeding", "standing", "Does your baby bleed a lot or bruise very easily?",
      "bleeding disorder, hemorrhagic diathesis, hemophilia"),
    q("kidney", "standing", "Has a doctor said your baby's kidneys are inflamed right now?", "acute nephritis"),
    q("liver", "standing", "Has a doctor said your baby's liver is inflamed right now?", "acute hepatitis"),
    q("blood_disease", "standing", "Has a doctor said your baby has a blood disease?", "thrombocytopenia, leukemia"),
    q("hernia", "standing", "Does your baby have a bulge at the belly button, in the groin or in the scrotum?",
      "umbilical, inguinal, femoral or scrotal hernia"),
    q("hernia_stuck", "standing",
      "If so: is the bulge hard or sore, or does it stay out when your baby is calm and lying down?",
      "incarcerated or strangulated hernia", effect="urgent", follows="hernia"),
    q("surgery", "standing", "Has your baby had an operation in the last 3 months?", "surgery"),
    q("seizures", "standing", "Has your baby ever had a fit or a seizure?", "seizures, epilepsy"),
    q("neuro", "standing",
      "Does a specialist see your baby for a problem with the brain or nerves, or with how your baby grows "
      "and learns?", "neurological or developmental condition"),
    q("torticollis", "specialist", "Does your baby keep the head tilted or turned to one side?", "torticollis"),
    q("hips", "specialist", "Has a doctor found a problem with your baby's hips?", "hip dysplasia or dislocation"),
    q("clubfoot", "specialist", "Does one of your baby's feet turn in or down and stay that way?", "clubfoot"),
    q("flat_feet", "specialist", "Has a doctor said your baby has flat feet or feet that roll in?",
      "flat or plano-valgus feet"),
    q("leg_shape", "specialist", "Has a doctor said your baby's legs are shaped like an X or an O?",
      "X-shaped or O-shaped legs, knock knees or bow legs"),
    q("muscle_tone", "specialist", "Has a doctor said your baby's muscles are too floppy or too stiff?",
      "low or high muscle tone"),
    q("scoliosis", "specialist", "Has a doctor found a curve in your baby's back bone?", "scoliosis"),
    q("pediatrician_ok", "approval", "Has your baby's doctor said that massage is fine for your baby?",
      concern="no"),
    q("shown_how", "approval",
      "Has a nurse, a doctor or a baby massage teacher shown you how to massage your baby?",
      "infant massage instructor", concern="no", effect="start_age"),
]

NOTES = ("Ill right now stops massage until well (no clearance). Any heart condition; broken bones and birth "
         "injuries; operations in the last 3 months; seizures; neurological or developmental conditions; X or O "
         "legs; hernias (stuck → care now); a healing belly button leaves the stomach out; shown how by a "
         "professional → start at 14 days, else 42.")


def add_version_2(apps, schema_editor):
    """Adds version 2, or puts its rows back as shipped: migrating back past 0003 and forward again drops and
    re-adds the effect columns with their defaults, which must not leave "ill right now" asking for a clearance."""
    QuestionnaireVersion = apps.get_model("safety", "QuestionnaireVersion")
    Question = apps.get_model("safety", "Question")
    version, _ = QuestionnaireVersion.objects.get_or_create(number=2, defaults={"notes": NOTES})
    for order, question in enumerate(QUESTIONS, start=1):
        fields = dict(question)
        Question.objects.update_or_create(version=version, qid=fields.pop("qid"), defaults={"order": order, **fields})


class Migration(migrations.Migration):
    dependencies = [("safety", "0003_safety_that_holds")]

    operations = [migrations.RunPython(add_version_2, migrations.RunPython.noop)]

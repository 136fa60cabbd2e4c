"""Questionnaire version 1, shipped with the code so that every install has it.

The questions follow ../shared/DESIGN.md "Safety": the article's standing contraindications, the
conditions a specialist treats, and the pediatrician's approval. Question ids are stable: answers are
stored by them, and a later version keeps an id only when the question still means the same.
A new version is a new migration that adds a QuestionnaireVersion; it never edits this one.
"""

from django.db import migrations

QUESTIONS = [
    # (qid, group, text, medical term, concern answer)
    ("born_early", "eligibility",
     "Was your baby born before week 37 of the pregnancy?", "premature birth", "yes"),
    ("intensive_care", "eligibility",
     "After birth, did your baby stay in a special care unit for newborns?", "neonatal intensive care, NICU", "yes"),
    ("acute_illness", "standing",
     "Is your baby ill right now, for example with a fever or an infection?", "acute illness", "yes"),
    ("tuberculosis", "standing",
     "Does your baby have TB that is active now?", "active tuberculosis", "yes"),
    ("malnutrition", "standing",
     "Has a doctor said your baby is very underweight or not getting enough food?", "severe malnutrition", "yes"),
    ("skin_infection", "standing",
     "Does your baby have skin that weeps or has pus, or a red, hot, swollen spot on the skin, a gland, a bone "
     "or a joint?", "eczema, impetigo, lymphadenitis, phlegmon, osteomyelitis, purulent arthritis", "yes"),
    ("fragile_bones", "standing",
     "Has a doctor said your baby's bones break easily, or do the bones hurt when touched?", "fragile bones",
     "yes"),
    ("rickets", "standing",
     "Does your baby have rickets right now, with skin that is very sore to touch?", "active rickets", "yes"),
    ("blue_heart", "standing",
     "Was your baby born with a heart problem that makes the lips or skin look blue?",
     "congenital heart defect with cyanosis", "yes"),
    ("bleeding", "standing",
     "Does your baby bleed a lot or bruise very easily?", "bleeding disorder, hemorrhagic diathesis, hemophilia",
     "yes"),
    ("kidney", "standing",
     "Has a doctor said your baby's kidneys are inflamed right now?", "acute nephritis", "yes"),
    ("liver", "standing",
     "Has a doctor said your baby's liver is inflamed right now?", "acute hepatitis", "yes"),
    ("large_hernia", "standing",
     "Does your baby have a big bulge at the belly button, the groin or the scrotum that pokes out or feels hard?",
     "large umbilical, inguinal, femoral or scrotal hernia", "yes"),
    ("blood_disease", "standing",
     "Has a doctor said your baby has a blood disease?", "thrombocytopenia, leukemia", "yes"),
    ("torticollis", "specialist",
     "Does your baby keep the head tilted or turned to one side?", "torticollis", "yes"),
    ("hips", "specialist",
     "Has a doctor found a problem with your baby's hips?", "hip dysplasia or dislocation", "yes"),
    ("clubfoot", "specialist",
     "Does one of your baby's feet turn in or down and stay that way?", "clubfoot", "yes"),
    ("flat_feet", "specialist",
     "Has a doctor said your baby has flat feet or feet that roll in?", "flat or plano-valgus feet", "yes"),
    ("muscle_tone", "specialist",
     "Has a doctor said your baby's muscles are too floppy or too stiff?", "low or high muscle tone", "yes"),
    ("scoliosis", "specialist",
     "Has a doctor found a curve in your baby's back bone?", "scoliosis", "yes"),
    ("umbilical_hernia", "specialist",
     "Is a doctor treating a small bulge at your baby's belly button?", "umbilical hernia", "yes"),
    ("pediatrician_ok", "approval",
     "Has your baby's doctor said that massage is fine for your baby?", "", "no"),
]


def add_version_1(apps, schema_editor):
    QuestionnaireVersion = apps.get_model("safety", "QuestionnaireVersion")
    Question = apps.get_model("safety", "Question")
    version, _ = QuestionnaireVersion.objects.get_or_create(number=1, defaults={"notes": "First version."})
    for order, (qid, group, text, term, concern) in enumerate(QUESTIONS, start=1):
        Question.objects.get_or_create(
            version=version, qid=qid,
            defaults={"group": group, "order": order, "text": text, "term": term, "concern_answer": concern},
        )


class Migration(migrations.Migration):
    dependencies = [("safety", "0001_initial")]

    operations = [migrations.RunPython(add_version_1, migrations.RunPython.noop)]

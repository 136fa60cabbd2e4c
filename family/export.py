"""Download all my data: one ZIP with everything the app keeps for a person and the babies they see.

`data.json` holds the account and, for each baby, its details, who can see it, its profile history, every
screening with its answers and the question texts as they were asked, the doctors' approvals, today's checks
and the sessions. Each baby's journal comes as a CSV too, the same file as the journal's own download.
"""

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F
from django.utils import timezone

from clinics.models import ClinicEvent, Share
from guide.journal import journal_file_name, write_journal_csv
from guide.models import MassageSession
from safety.models import Baby, ParentSettings, Question, person_name

DATA_FILE = "data.json"


def _who(user):
    return person_name(user) if user is not None else None


def account_data(user):
    found = ParentSettings.objects.filter(user=user).first()
    return {
        "email": user.email, "name": user.first_name, "joined": user.date_joined, "last_login": user.last_login,
        "settings": {
            "time_zone": found.time_zone if found else "", "temperature_unit": found.temperature_unit if found else "C",
            "language": found.language if found else "en",
        },
    }


def _screening(screening, questions):
    asked = questions[screening.version_id]
    return {
        "id": screening.pk, "answered_at": screening.created_at, "answered_by": _who(screening.respondent),
        "questionnaire_version": screening.version.number, "outcome": screening.outcome,
        "answers": [
            {"question_id": qid, "question": asked[qid].text if qid in asked else None,
             "medical_term": asked[qid].term if qid in asked else None, "answer": answer}
            for qid, answer in screening.answers.items()
        ],
        "profile_judged": screening.profile, "needs_a_doctor_for": screening.concerns, "stops_now": screening.acute,
        "stop": screening.acute_outcome, "stop_until": screening.stop_until,
        "body_areas_left_out": screening.excluded_areas, "massage_possible_from": screening.eligible_from,
        "valid_until": screening.expires_at, "corrects": screening.replaces_id,
    }


def _clearance(clearance):
    return {
        "id": clearance.pk, "for_screening": clearance.screening_id, "doctor": clearance.clinician_name,
        "role": clearance.role, "approved_on": clearance.approved_on, "valid_until": clearance.expires_on,
        "body_areas_left_out": clearance.excluded_areas, "covers": clearance.covers, "recorded_by": clearance.source,
        "recorded_by_person": _who(clearance.recorded_by), "recorded_at": clearance.created_at,
    }


def _daily_check(check):
    return {
        "id": check.pk, "answered_at": check.created_at, "answered_by": _who(check.respondent),
        "answers": check.answers, "minutes_since_feed": check.minutes_since_feed,
        "hours_since_vaccine": check.hours_since_vaccine, "vaccine_site": check.vaccine_site,
        "temperature_celsius": check.temperature, "temperature_as_entered": check.temperature_entered,
        "temperature_unit": check.temperature_unit, "outcome": check.outcome, "reasons": check.reasons,
        "check_again_at": check.check_again_at, "body_areas_left_out": check.excluded_areas,
        "left_out_until": check.areas_until,
    }


def _session(session):
    return {
        "id": session.pk, "title": session.title, "course": session.course.slug if session.course else None,
        "routine": session.routine.slug if session.routine else None, "started_by": _who(session.started_by),
        "started_at": session.started_at, "finished_at": session.finished_at, "last_step_saved": session.updated_at,
        "session_of_course": session.course_session_number, "planned_steps": session.step_ids,
        "steps_done": session.done_ids, "steps_skipped": session.skipped_ids,
        "steps_not_reached": session.not_reached_ids, "body_areas_left_out": session.left_out_areas,
        "before_you_start_list": session.checklist, "hands_free": session.hands_free, "mood": session.mood,
        "cues": session.cues, "note": session.note, "screening": session.screening_id,
        "todays_check": session.daily_check_id,
    }


def baby_data(baby, questions):
    return {
        "id": baby.pk, "name": baby.name, "birth_date": baby.birth_date, "weeks_at_birth": baby.weeks_at_birth,
        "intensive_care": baby.intensive_care, "added": baby.created_at, "archived_at": baby.removed_at,
        "health_changed_at": baby.health_changed_at, "your_role": baby.my_role,
        "people": [{"id": m.pk, "name": _who(m.user), "email": m.user.email, "role": m.role, "added": m.added_at}
                   for m in baby.memberships.select_related("user")],
        "invitations": [{"id": i.pk, "email": i.email, "role": i.role, "sent": i.created_at,
                         "valid_until": i.expires_at, "accepted": i.accepted_at, "withdrawn": i.withdrawn_at}
                        for i in baby.invitations.all()],
        "profile_changes": [{"id": c.pk, "changed_at": c.changed_at, "changed_by": _who(c.changed_by),
                             "before": c.before, "after": c.after}
                            for c in baby.profile_changes.select_related("changed_by")],
        "screenings": [_screening(s, questions)
                       for s in baby.screenings.select_related("version", "respondent").order_by("created_at", "pk")],
        "clearances": [_clearance(c)
                       for c in baby.clearances.select_related("recorded_by").order_by("created_at", "pk")],
        "daily_checks": [_daily_check(c)
                         for c in baby.daily_checks.select_related("respondent").order_by("created_at", "pk")],
        "sessions": [_session(s) for s in MassageSession.objects.filter(baby=baby)
                     .select_related("course", "routine", "started_by").order_by("started_at", "pk")],
        "clinic_shares": [{"id": share.pk, "clinic": share.clinic.name if share.clinic else None,
                           "made_by": _who(share.created_by), "made_at": share.created_at,
                           "opened_at": share.opened_at, "ended_at": share.ended_at}
                          for share in Share.objects.filter(baby=baby).select_related("clinic", "created_by")],
        "clinic_events": [{"id": event.pk, "what": event.action, "who": _who(event.actor),
                           "clinic": event.clinic.name if event.clinic else None, "when": event.created_at}
                          for event in ClinicEvent.objects.filter(baby=baby).select_related("clinic", "actor")],
    }


def _questions_by_version():
    """{version id: {question id: Question}}: the texts each screening was asked in."""
    found = {}
    for question in Question.objects.all():
        found.setdefault(question.version_id, {})[question.qid] = question
    return found


def babies_of(user):
    """Every baby `user` owns or looks after, archived ones too, with their role."""
    return Baby.objects.filter(memberships__user=user).annotate(my_role=F("memberships__role")).order_by("pk")


def family_zip(user):
    """The ZIP's bytes: data.json and a journal CSV per baby (named after the baby)."""
    babies = list(babies_of(user))
    questions = _questions_by_version()
    data = {
        "exported_at": timezone.now(), "account": account_data(user),
        "babies": [baby_data(baby, questions) for baby in babies],
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DATA_FILE, json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1))
        used = set()
        for baby in babies:
            name = journal_file_name(baby)
            if name in used:  # two babies with one name: the second file gets the baby's number
                name = name.replace(" massage journal.csv", f" ({baby.pk}) massage journal.csv")
            used.add(name)
            journal = io.StringIO()
            write_journal_csv(journal, baby)
            archive.writestr(f"journals/{name}", journal.getvalue().encode("utf-8"))
    return out.getvalue()

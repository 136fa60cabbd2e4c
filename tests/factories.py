"""Small builders for test data, so each test says what it needs instead of loading big fixtures."""

from itertools import count

from routines.models import Course, CourseRoutine, Game, GameLine, Routine, Step, Technique

_seq = count(1)


def make_technique(**fields):
    n = next(_seq)
    defaults = {"name": f"Stroking {n}", "slug": f"stroking-{n}", "description": "Slow light strokes.",
                "effect": Technique.Effect.CALMING, "min_age_days": 0}
    return Technique.objects.create(**{**defaults, **fields})


def make_routine(steps=3, technique=None, per_side=False, **fields):
    n = next(_seq)
    defaults = {"slug": f"routine-{n}", "title": f"Routine {n}", "body_area": "stomach",
                "summary": "A calm routine.", "position": "On the back", "cautions": "Never press on the liver.",
                "min_age_days": 14, "max_age_days": 365, "minutes": 3, "published": True}
    routine = Routine.objects.create(**{**defaults, **fields})
    technique = technique or make_technique()
    for i in range(steps):
        Step.objects.create(routine=routine, order=i, title=f"Step {i + 1} of {routine.title}",
                            instruction="Stroke gently.", technique=technique, direction="Clockwise",
                            repetitions=6, source_note="Test.", per_side=per_side)
    return routine


def make_course(routines=(), **fields):
    n = next(_seq)
    defaults = {"slug": f"course-{n}", "title": f"Course {n}", "min_age_days": 30, "max_age_days": 90,
                "sessions": 12, "milestone": "Holding the head", "minutes_per_session": 6,
                "intro": "Daily sessions.", "published": True}
    course = Course.objects.create(**{**defaults, **fields})
    for i, routine in enumerate(routines):
        CourseRoutine.objects.create(course=course, routine=routine, order=i)
    return course


def make_game(lines=2, **fields):
    n = next(_seq)
    defaults = {"slug": f"game-{n}", "title": f"Game {n}", "min_age_years": 2, "max_age_years": 5,
                "kind": Game.Kind.SELF_MASSAGE, "intro": "A game.", "published": True}
    game = Game.objects.create(**{**defaults, **fields})
    for i in range(lines):
        GameLine.objects.create(game=game, order=i, verse=f"Verse {i}", movement=f"Move {i}")
    return game


# --- parents, babies and their health records -------------------------------------------------

def make_parent(email=None, password="a long enough secret 1"):
    from django.contrib.auth import get_user_model

    email = email or f"parent{next(_seq)}@example.com"
    return get_user_model().objects.create_user(username=email, email=email, password=password)


def make_baby(parent=None, age_days=120, **fields):
    from datetime import timedelta

    from django.utils import timezone

    from safety.models import Baby
    from safety.services import add_baby

    defaults = {"name": f"Baby {next(_seq)}", "birth_date": timezone.localdate() - timedelta(days=age_days)}
    return add_baby(baby=Baby(**{**defaults, **fields}), owner=parent or make_parent())


def make_member(baby, role="caregiver", user=None):
    """Someone else who sees `baby`: a caregiver (or, with role="owner", a second parent)."""
    from safety.models import Membership

    user = user or make_parent()
    Membership.objects.create(baby=baby, user=user, role=role)
    return user


def all_clear_answers(version=None, **overrides):
    """Answers to every question of the current version that raise no concern (also "yes, a professional
    has shown me how", so massage may start at 14 days). Questions not asked at a baby's age are ignored."""
    from safety.models import QuestionnaireVersion

    version = version or QuestionnaireVersion.current()
    answers = {q.qid: ("yes" if q.concern_answer == "no" else "no") for q in version.questions.all()}
    return {**answers, **overrides}


def screen(baby, version=None, **overrides):
    from safety import services
    from safety.models import QuestionnaireVersion

    version = version or QuestionnaireVersion.current()
    return services.submit_screening(
        baby=baby, version=version, answers=all_clear_answers(version, **overrides), respondent=baby.parent
    )


def clear(baby, screening, excluded_areas=(), **fields):
    from datetime import timedelta

    from django.utils import timezone

    from safety import services

    today = timezone.localdate()
    defaults = {"clinician_name": "Dr Ada Moss", "role": "pediatrician", "approved_on": today,
                "expires_on": today + timedelta(days=90), "excluded_areas": list(excluded_areas)}
    return services.record_clearance(baby=baby, screening=screening, recorded_by=baby.parent, **{**defaults, **fields})


GOOD_DAY = {"unwell": "no", "hungry": "no", "skin": "no", "vomiting": "no", "asleep": "no", "upset": "no"}


def check_today(baby, minutes_since_feed=60, hours_since_vaccine=None, temperature=None, vaccine_site="",
                temperature_unit="C", **answers):
    """Today's check; by default a clear one (every answer "no", fed an hour ago, no vaccine, no reading)."""
    from decimal import Decimal

    from safety import services

    return services.record_daily_check(
        baby=baby, answers={**GOOD_DAY, **answers}, minutes_since_feed=minutes_since_feed,
        hours_since_vaccine=hours_since_vaccine, vaccine_site=vaccine_site,
        temperature=None if temperature is None else Decimal(str(temperature)), temperature_unit=temperature_unit,
        respondent=baby.parent,
    )


def ready_baby(parent=None, **fields):
    """A baby who has passed the gate: screened, all clear, checked today."""
    baby = make_baby(parent=parent, **fields)
    screen(baby)
    check_today(baby)
    return baby


def finished_session(baby, days_ago=0, minutes=5, course=None, routine=None, note=""):
    """A session of `baby` (past the gate) of `course` or `routine`, started `days_ago` and finished `minutes` later."""
    from datetime import timedelta

    from django.utils import timezone

    from guide import services
    from guide.models import MassageSession
    from safety.services import gate_status

    session = services.start_session(gate=gate_status(baby), course=course, routine=routine)
    session.set_checklist("ticked")
    session.finish(note=note)
    started = timezone.now() - timedelta(days=days_ago)
    MassageSession.objects.filter(pk=session.pk).update(started_at=started,
                                                        finished_at=started + timedelta(minutes=minutes))
    return session


# --- clinics ------------------------------------------------------------------------------------

def make_clinic(**fields):
    from routines.models import Clinic

    n = next(_seq)
    defaults = {"name": f"Clinic {n}", "slug": f"clinic-{n}", "phone": "020 7946 0000"}
    return Clinic.objects.create(**{**defaults, **fields})


def make_clinic_staff(clinic=None, email=None, password="a long enough secret 1"):
    """A user who works at `clinic` (a new one by default): a ClinicStaff with its user and clinic."""
    from clinics.models import ClinicStaff

    user = make_parent(email=email or f"nurse{next(_seq)}@example.com", password=password)
    return ClinicStaff.objects.create(user=user, clinic=clinic or make_clinic())


def share_with(baby, staff):
    """The baby shared with the clinic of `staff`: the parent makes a code, the member of staff enters it."""
    from clinics import services

    share = services.make_code(baby=baby, parent=baby.parent)
    return services.open_code(code=share.code, staff=staff)

"""Small builders for test data, so each test says what it needs instead of loading big fixtures."""

from itertools import count

from routines.models import Course, CourseRoutine, Game, GameLine, Routine, Step, Technique

_seq = count(1)


def make_technique(**fields):
    n = next(_seq)
    defaults = {"name": f"Stroking {n}", "slug": f"stroking-{n}", "description": "Slow light strokes.",
                "effect": Technique.Effect.CALMING, "min_age_days": 0}
    return Technique.objects.create(**{**defaults, **fields})


def make_routine(steps=3, technique=None, **fields):
    n = next(_seq)
    defaults = {"slug": f"routine-{n}", "title": f"Routine {n}", "body_area": "stomach",
                "summary": "A calm routine.", "position": "On the back", "cautions": "Never press on the liver.",
                "min_age_days": 14, "max_age_days": 365, "minutes": 3, "published": True}
    routine = Routine.objects.create(**{**defaults, **fields})
    technique = technique or make_technique()
    for i in range(steps):
        Step.objects.create(routine=routine, order=i, title=f"Step {i + 1} of {routine.title}",
                            instruction="Stroke gently.", technique=technique, direction="Clockwise",
                            repetitions=6, source_note="Test.")
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

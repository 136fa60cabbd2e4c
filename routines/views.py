from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from routines import printing
from routines.models import ChecklistItem, Course, Game, Routine
from safety.gate import screening_exempt
from safety.models import BodyArea

BROWSE = "Browsing the content library starts no massage."


@require_safe
@screening_exempt(BROWSE)
def home(request):
    return render(request, "routines/home.html")


@require_safe
@screening_exempt(BROWSE)
def routine_list(request):
    routines = Routine.objects.published().annotate(step_count=Count("steps"))
    groups = []
    for value, label in BodyArea.choices:
        in_area = [r for r in routines if r.body_area == value]
        if in_area:
            groups.append({"area": value, "label": label, "routines": in_area})
    return render(request, "routines/routine_list.html", {"groups": groups})


@require_safe
@screening_exempt(BROWSE)
def routine_detail(request, slug):
    routine = get_object_or_404(Routine.objects.published().with_steps(), slug=slug)
    return render(request, "routines/routine_detail.html", {"routine": routine})


@require_safe
@screening_exempt(BROWSE)
def course_list(request):
    courses = Course.objects.published().annotate(
        routine_count=Count("course_routines", filter=Q(course_routines__routine__published=True))
    )
    return render(request, "routines/course_list.html", {"courses": courses})


@require_safe
@screening_exempt(BROWSE)
def course_detail(request, slug):
    course = get_object_or_404(Course.objects.published().with_published_routines(), slug=slug)
    return render(request, "routines/course_detail.html", {"course": course})


@require_safe
@screening_exempt(BROWSE)
def game_list(request):
    return render(request, "routines/game_list.html", {"games": Game.objects.published()})


@require_safe
@screening_exempt(BROWSE)
def game_detail(request, slug):
    game = get_object_or_404(Game.objects.published().prefetch_related("lines"), slug=slug)
    return render(request, "routines/game_detail.html", {"game": game})


@require_safe
@screening_exempt(BROWSE)
def before_you_start(request):
    return render(request, "routines/before_you_start.html", {"items": ChecklistItem.objects.all()})


PRINT = "Print sheets start no massage."


@require_safe
@screening_exempt(PRINT)
def routine_print(request, slug):
    clinic = printing.clinic_for(request)
    routine = get_object_or_404(Routine.objects.published().with_steps(), slug=slug)
    context = {"sheet": printing.sheet(request, routine, clinic), "clinic": clinic, "printed_on": timezone.localdate()}
    return render(request, "routines/routine_print.html", context)


@require_safe
@screening_exempt(PRINT)
def course_print(request, slug):
    clinic = printing.clinic_for(request)
    course = get_object_or_404(Course.objects.published().with_published_routines(steps=True), slug=slug)
    routines = [item.routine for item in course.course_routines.all()]
    context = {
        "course": course,
        "cover": printing.sheet(request, course, clinic, parts=routines),
        "sheets": [printing.sheet(request, routine, clinic) for routine in routines],
        "clinic": clinic,
        "printed_on": timezone.localdate(),
    }
    return render(request, "routines/course_print.html", context)

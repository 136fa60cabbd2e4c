from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from routines.models import ChecklistItem, Course, CourseRoutine, Game, Routine, Step
from safety.gate import screening_exempt
from safety.models import BodyArea

BROWSE = "Browsing the content library starts no massage."


def _published_steps():
    return Prefetch("steps", queryset=Step.objects.select_related("technique"))


@require_GET
@screening_exempt(BROWSE)
def home(request):
    return render(request, "routines/home.html", {"body_areas": BodyArea.choices})


@require_GET
@screening_exempt(BROWSE)
def routine_list(request):
    routines = Routine.objects.published().annotate(step_count=Count("steps"))
    groups = []
    for value, label in BodyArea.choices:
        in_area = [r for r in routines if r.body_area == value]
        if in_area:
            groups.append({"area": value, "label": label, "routines": in_area})
    return render(request, "routines/routine_list.html", {"groups": groups})


@require_GET
@screening_exempt(BROWSE)
def routine_detail(request, slug):
    routine = get_object_or_404(Routine.objects.published().prefetch_related(_published_steps()), slug=slug)
    return render(request, "routines/routine_detail.html", {"routine": routine})


@require_GET
@screening_exempt(BROWSE)
def course_list(request):
    courses = Course.objects.published().annotate(
        routine_count=Count("course_routines", filter=Q(course_routines__routine__published=True))
    )
    return render(request, "routines/course_list.html", {"courses": courses})


@require_GET
@screening_exempt(BROWSE)
def course_detail(request, slug):
    course_routines = CourseRoutine.objects.filter(routine__published=True).select_related("routine")
    course = get_object_or_404(
        Course.objects.published().prefetch_related(Prefetch("course_routines", queryset=course_routines)),
        slug=slug,
    )
    return render(request, "routines/course_detail.html", {"course": course})


@require_GET
@screening_exempt(BROWSE)
def game_list(request):
    return render(request, "routines/game_list.html", {"games": Game.objects.published()})


@require_GET
@screening_exempt(BROWSE)
def game_detail(request, slug):
    game = get_object_or_404(Game.objects.published().prefetch_related("lines"), slug=slug)
    return render(request, "routines/game_detail.html", {"game": game})


@require_GET
@screening_exempt(BROWSE)
def before_you_start(request):
    return render(request, "routines/before_you_start.html", {"items": ChecklistItem.objects.all()})

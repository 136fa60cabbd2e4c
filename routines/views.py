from functools import wraps

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
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
    # Opened from a clinic's sheet (its QR code keeps ?clinic=): Print prints that clinic's sheet again.
    clinic = printing.known_clinic(request)
    return render(request, "routines/routine_detail.html", {"routine": routine, "clinic": clinic})


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
    return render(request, "routines/course_detail.html", {"course": course, "clinic": printing.known_clinic(request)})


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
# More routines than the library holds is not a set anyone chose; it bounds the work of one request.
MAX_ROUTINES_PRINTED = 30


def _clinic_from_query(view):
    """Runs a print view with `clinic` from ?clinic=<slug> (None without one). A slug no clinic has gets a page
    in the site's look that says so and offers the sheet without a clinic's name (404): never a sheet printed
    unbranded by mistake, never a bare error."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            clinic = printing.clinic_for(request)
        except printing.UnknownClinic as unknown:
            without = request.GET.copy()
            without.pop("clinic", None)
            plain = f"{request.path}?{without.urlencode()}" if without else request.path
            return render(request, "routines/unknown_clinic.html", {"slug": unknown.slug, "plain_url": plain},
                          status=404)
        return view(request, *args, clinic=clinic, **kwargs)

    return wrapper


@require_safe
@screening_exempt(PRINT)
@_clinic_from_query
def routine_print(request, slug, clinic):
    routine = get_object_or_404(Routine.objects.published().with_steps(), slug=slug)
    context = {"sheet": printing.sheet(request, routine, clinic), "clinic": clinic, "printed_on": timezone.localdate()}
    return render(request, "routines/routine_print.html", context)


@require_safe
@screening_exempt(PRINT)
@_clinic_from_query
def routines_print(request, clinic):
    """A chosen set of routines, ?routine=<slug> once for each, printed in one go: one sheet per routine, each on
    its own page, in the library's order."""
    slugs = list(dict.fromkeys(slug.strip() for slug in request.GET.getlist("routine") if slug.strip()))
    if not slugs or len(slugs) > MAX_ROUTINES_PRINTED:
        # Back to the page the list was ticked on (the clinic desk, say), when it is one of ours.
        referer = request.headers.get("referer", "")
        back = referer if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}) else ""
        return render(request, "routines/routines_print_empty.html", {"clinic": clinic, "back": back}, status=400)
    routines = list(Routine.objects.published().with_steps().filter(slug__in=slugs))
    if len(routines) != len(slugs):
        raise Http404("A routine in the set is unknown or not published.")
    context = {
        "sheets": [printing.sheet(request, routine, clinic) for routine in routines],
        "clinic": clinic,
        "printed_on": timezone.localdate(),
    }
    return render(request, "routines/routines_print.html", context)


@require_safe
@screening_exempt(PRINT)
@_clinic_from_query
def course_print(request, slug, clinic):
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


@require_safe
@screening_exempt(PRINT)
@_clinic_from_query
def course_summary_print(request, slug, clinic):
    """The course at a glance on one A4 page: its facts, and each routine with its steps in a line or two."""
    course = get_object_or_404(Course.objects.published().with_published_routines(steps=True), slug=slug)
    routines = [item.routine for item in course.course_routines.all()]
    context = {
        "course": course,
        "routines": routines,
        "sheet": printing.sheet(request, course, clinic, parts=routines),
        "clinic": clinic,
        "printed_on": timezone.localdate(),
    }
    return render(request, "routines/course_summary_print.html", context)

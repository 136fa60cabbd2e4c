from functools import wraps

from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from routines import printing, selectors
from routines.forms import AGE_CHOICES_DAYS, AgeForm
from routines.models import ChecklistItem, Course, Game, Routine, SourceChoice, Step
from safety.gate import screening_exempt
from safety.models import Baby, BodyArea

BROWSE = "Browsing the content library starts no massage."


@require_safe
@screening_exempt(BROWSE)
def home(request):
    youngest, oldest = selectors.game_ages()
    return render(request, "routines/home.html", {"youngest_game": youngest, "oldest_game": oldest})


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


def _babies_and_ages(request):
    """(name, corrected age in days) of the signed-in parent's babies, for the age chooser (one query)."""
    if not request.user.is_authenticated:
        return []
    return [(baby.name, baby.corrected_age_days()) for baby in Baby.objects.active().filter(parent=request.user)]


@require_safe
@screening_exempt(BROWSE)
def routine_detail(request, slug):
    """The routine, for an age when one is chosen (?age=<days>; a signed-in parent's first baby by default):
    the steps that suit it in full, the others listed with the age they start at."""
    routine = get_object_or_404(Routine.objects.published().with_steps().with_choices(), slug=slug)
    return _routine_page(request, routine)


def _routine_page(request, routine, *, preview=False):
    babies = _babies_and_ages(request)
    form = AgeForm(request.GET)
    age_days, baby_name = None, None
    if "age" in request.GET:
        if form.is_valid():
            age_days = form.cleaned_data["age"]
            baby_name = next((name for name, days in babies if days == age_days), None)
    elif babies:
        baby_name, age_days = babies[0]
    now, later = selectors.routine_for_age(routine, age_days)
    return render(request, "routines/routine_detail.html", {
        "routine": routine, "form": form, "age_days": age_days, "baby_name": baby_name, "babies": babies,
        "ages": AGE_CHOICES_DAYS, "steps": now, "later_steps": later, "preview": preview,
        # Opened from a clinic's sheet (its QR code keeps ?clinic=): Print prints that clinic's sheet again.
        "clinic": printing.known_clinic(request),
    }, status=400 if form.errors else 200)


@require_safe
@screening_exempt(BROWSE)
def course_list(request):
    courses = list(Course.objects.published().annotate(
        routine_count=Count("course_routines", filter=Q(course_routines__routine__published=True))
    ))
    # Between two courses a baby keeps doing the earlier one: say so for each gap in the ages.
    gaps = [(earlier, later) for earlier, later in zip(courses, courses[1:], strict=False)
            if earlier.max_age_days < later.min_age_days]
    return render(request, "routines/course_list.html", {
        "courses": courses, "gaps": gaps, "last": courses[-1] if courses else None,
        "youngest_game": selectors.game_ages()[0],
    })


@require_safe
@screening_exempt(BROWSE)
def course_detail(request, slug):
    """The course as its sessions run it: its plan, and the steps it keeps of each routine (two queries)."""
    return _course_page(request, get_object_or_404(Course.objects.published(), slug=slug))


def _course_page(request, course, *, preview=False):
    outline = selectors.course_outline(course, list(Step.objects.for_course(course)))
    return render(request, "routines/course_detail.html", {
        "course": course, "outline": outline, "stages": outline.stages(), "preview": preview,
        "clinic": printing.known_clinic(request),
    })


@require_safe
@screening_exempt(BROWSE)
def game_list(request):
    games = list(Game.objects.published())
    ages = (min(g.min_age_years for g in games), max(g.max_age_years for g in games)) if games else (None, None)
    return render(request, "routines/game_list.html", {"games": games, "youngest": ages[0], "oldest": ages[1]})


@require_safe
@screening_exempt(BROWSE)
def game_detail(request, slug):
    game = get_object_or_404(Game.objects.published().prefetch_related("lines"), slug=slug)
    return render(request, "routines/game_detail.html", {"game": game})


@require_safe
@screening_exempt(BROWSE)
def before_you_start(request):
    return render(request, "routines/before_you_start.html", {"items": ChecklistItem.objects.all()})


@require_safe
@screening_exempt(BROWSE)
def sources(request):
    """Where we read the source article differently from one of its sentences, and why (two queries)."""
    choices = SourceChoice.objects.prefetch_related("routines")
    return render(request, "routines/sources.html", {"choices": choices})


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
    return _routine_sheet(request, get_object_or_404(Routine.objects.published().with_steps(), slug=slug), clinic)


def _routine_sheet(request, routine, clinic, *, preview=False):
    steps, _later = selectors.routine_for_age(routine, None)
    context = {
        "sheet": printing.sheet(request, routine, clinic, steps=steps), "clinic": clinic,
        "printed_on": timezone.localdate(), "sources_url": printing.sources_url(request), "preview": preview,
    }
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
        "sheets": [printing.sheet(request, routine, clinic, steps=selectors.routine_for_age(routine, None)[0])
                   for routine in routines],
        "clinic": clinic,
        "printed_on": timezone.localdate(),
        "sources_url": printing.sources_url(request),
    }
    return render(request, "routines/routines_print.html", context)


def _course_outline(slug):
    course = get_object_or_404(Course.objects.published(), slug=slug)
    return course, selectors.course_outline(course, list(Step.objects.for_course(course)))


@require_safe
@screening_exempt(PRINT)
@_clinic_from_query
def course_print(request, slug, clinic):
    return _course_sheets(request, get_object_or_404(Course.objects.published(), slug=slug), clinic)


def _course_sheets(request, course, clinic, *, preview=False):
    """The course's handout: a cover with its session plan, then a page per routine with only the steps the
    course keeps (none above its ages), each marked with the session that adds it."""
    outline = selectors.course_outline(course, list(Step.objects.for_course(course)))
    routines = [part.routine for part in outline.parts]
    context = {
        "course": course,
        "stages": outline.stages(),
        "cover": printing.sheet(request, course, clinic, parts=routines),
        "sheets": [printing.sheet(request, part.routine, clinic, steps=part.steps) for part in outline.parts],
        "clinic": clinic,
        "printed_on": timezone.localdate(),
        "sources_url": printing.sources_url(request),
        "preview": preview,
    }
    return render(request, "routines/course_print.html", context)


@require_safe
@screening_exempt(PRINT)
@_clinic_from_query
def course_summary_print(request, slug, clinic):
    """The course at a glance on one A4 page: its facts, and each routine with the steps the course keeps."""
    course, outline = _course_outline(slug)
    routines = [part.routine for part in outline.parts]
    context = {
        "course": course,
        "routines": routines,
        "outline": outline,
        "sheet": printing.sheet(request, course, clinic, parts=routines),
        "clinic": clinic,
        "printed_on": timezone.localdate(),
        "sources_url": printing.sources_url(request),
    }
    return render(request, "routines/course_summary_print.html", context)


# Staff look at a routine or a course, published or not, as parents and clinics will see it (the admin links
# here from its page). Anyone else is sent to the admin's login.
PREVIEW = "A staff preview of content, published or not, starts no massage."


@require_safe
@screening_exempt(PREVIEW)
@staff_member_required
def routine_preview(request, slug):
    return _routine_page(request, get_object_or_404(Routine.objects.with_steps().with_choices(), slug=slug),
                         preview=True)


@require_safe
@screening_exempt(PREVIEW)
@staff_member_required
@_clinic_from_query
def routine_preview_print(request, slug, clinic):
    return _routine_sheet(request, get_object_or_404(Routine.objects.with_steps(), slug=slug), clinic, preview=True)


@require_safe
@screening_exempt(PREVIEW)
@staff_member_required
def course_preview(request, slug):
    return _course_page(request, get_object_or_404(Course, slug=slug), preview=True)


@require_safe
@screening_exempt(PREVIEW)
@staff_member_required
@_clinic_from_query
def course_preview_print(request, slug, clinic):
    return _course_sheets(request, get_object_or_404(Course, slug=slug), clinic, preview=True)

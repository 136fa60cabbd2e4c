from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from routines import printing, services
from routines.forms import AdvanceForm, FinishForm, FussForm, StartForm
from routines.journal import journal_context
from routines.models import ChecklistItem, Course, CourseRoutine, Game, MassageSession, Routine, Step
from safety.gate import requires_screening, screening_exempt
from safety.models import BodyArea

BROWSE = "Browsing the content library starts no massage."


def _steps(lookup="steps"):
    """Prefetch a routine's steps with their techniques, in one query."""
    return Prefetch(lookup, queryset=Step.objects.select_related("technique"))


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
    routine = get_object_or_404(Routine.objects.published().prefetch_related(_steps()), slug=slug)
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
    course_routines = CourseRoutine.objects.filter(routine__published=True).select_related("routine")
    course = get_object_or_404(
        Course.objects.published().prefetch_related(Prefetch("course_routines", queryset=course_routines)),
        slug=slug,
    )
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
    routine = get_object_or_404(Routine.objects.published().prefetch_related(_steps()), slug=slug)
    context = {"sheet": printing.sheet(request, routine, clinic), "clinic": clinic, "printed_on": timezone.localdate()}
    return render(request, "routines/routine_print.html", context)


@require_safe
@screening_exempt(PRINT)
def course_print(request, slug):
    clinic = printing.clinic_for(request)
    items = CourseRoutine.objects.filter(routine__published=True).select_related("routine").prefetch_related(
        _steps("routine__steps")
    )
    course = get_object_or_404(
        Course.objects.published().prefetch_related(Prefetch("course_routines", queryset=items)), slug=slug
    )
    routines = [item.routine for item in course.course_routines.all()]
    context = {
        "course": course,
        "cover": printing.sheet(request, course, clinic, parts=routines),
        "sheets": [printing.sheet(request, routine, clinic) for routine in routines],
        "clinic": clinic,
        "printed_on": timezone.localdate(),
    }
    return render(request, "routines/course_print.html", context)


@require_http_methods(["GET", "POST"])
@requires_screening
def session_start(request, baby_id):
    """The plan for this baby today (the course for the corrected age, routines, areas left out),
    resume for an unfinished session, and the choice of what to start."""
    gate = request.gate
    age_days = gate.baby.corrected_age_days()
    plan = services.session_plan(age_days=age_days, excluded_areas=gate.excluded_areas)
    form = StartForm(request.POST or None, course=plan.course, routines=services.single_routines(age_days, gate))
    if request.method == "POST" and form.is_valid():
        course, routine = form.chosen()
        try:
            session = services.start_session(gate=gate, course=course, routine=routine,
                                             hands_free=form.cleaned_data["hands_free"])
        except services.NothingToDo:
            form.add_error("choice", _("There is no step in this that suits your baby right now."))
        else:
            return redirect("routines:session_checklist", gate.baby.pk, session.pk)
    return render(request, "routines/session_start.html", {
        "baby": gate.baby, "plan": plan, "form": form,
        "resume": services.active_session(gate.baby),
    }, status=400 if form.errors else 200)


def _session_for(request, session_id):
    """A session of the baby that passed the gate; anyone else's is a 404."""
    return get_object_or_404(MassageSession.objects.select_related("course", "routine"),
                             pk=session_id, baby=request.gate.baby)


@require_http_methods(["GET", "POST"])
@requires_screening
def session_checklist(request, baby_id, session_id):
    session = _session_for(request, session_id)
    if request.method == "POST":
        if request.POST.get("checklist") not in ("ticked", "skipped"):
            return HttpResponseBadRequest(_("Tick the list or skip it."))
        services.set_checklist(session=session, value=request.POST["checklist"])
        return redirect("routines:session_player", baby_id, session.pk)
    return render(request, "routines/session_checklist.html", {
        "baby": request.gate.baby, "session": session, "items": ChecklistItem.objects.all(),
        "daily_check": request.gate.daily_check,
    })


@require_GET
@requires_screening
def session_player(request, baby_id, session_id):
    session = _session_for(request, session_id)
    if session.finished:
        return redirect("routines:session_finish", baby_id, session.pk)
    if not session.checklist:
        return redirect("routines:session_checklist", baby_id, session.pk)
    return _player(request, session, fussing=request.GET.get("fussing") == "1")


def _player(request, session, fussing=False):
    """The player page, or only its step card for htmx."""
    context = {**services.player_context(session), "baby": request.gate.baby, "fussing": fussing}
    template = "routines/session_player.html#step-card" if request.htmx else "routines/session_player.html"
    return render(request, template, context)


def _after_change(request, session, fussing=False):
    """htmx gets the new step card (or is sent to the finish page); a plain form post is redirected."""
    if session.finished:
        finish = reverse("routines:session_finish", args=[session.baby_id, session.pk])
        return HttpResponseClientRedirect(finish) if request.htmx else redirect(finish)
    if request.htmx:
        return _player(request, session, fussing=fussing)
    player = reverse("routines:session_player", args=[session.baby_id, session.pk])
    return redirect(player + ("?fussing=1" if fussing else ""))


@require_POST
@requires_screening
def session_advance(request, baby_id, session_id):
    session = _session_for(request, session_id)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("That step could not be saved. Reload the page to go on."))
    step, action = form.cleaned_data["step"], form.cleaned_data["action"]
    if action == AdvanceForm.SKIP_AREA:
        services.skip_to_next_area(session=session, step_id=step)
    else:
        services.record_step(session=session, step_id=step, done=action == AdvanceForm.DONE)
    return _after_change(request, session)


@require_POST
@requires_screening
def session_fuss(request, baby_id, session_id):
    session = _session_for(request, session_id)
    form = FussForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose what your baby is doing."))
    services.note_cue(session=session, cue=form.cleaned_data["cue"])
    return _after_change(request, session, fussing=True)


@require_POST
@requires_screening
def session_end_gently(request, baby_id, session_id):
    session = _session_for(request, session_id)
    services.end_gently(session=session)
    return _after_change(request, session)


@require_http_methods(["GET", "POST"])
@requires_screening
def session_finish(request, baby_id, session_id):
    session = _session_for(request, session_id)
    form = FinishForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        services.finish(session=session, mood=form.cleaned_data["mood"], cues=form.cleaned_data["cues_seen"],
                        note=form.cleaned_data["note"])
        messages.success(request, _("The session is saved in the journal."))
        return redirect("routines:journal", baby_id)
    return render(request, "routines/session_finish.html", {"baby": request.gate.baby, "session": session,
                                                            "form": form}, status=400 if form.errors else 200)


@require_GET
@requires_screening
def journal(request, baby_id):
    baby = request.gate.baby
    return render(request, "routines/journal.html", {"baby": baby, **journal_context(baby)})


@require_GET
@requires_screening
def journal_csv(request, baby_id):
    baby = request.gate.baby
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="massage-journal-{baby.pk}.csv"'
    services.write_journal_csv(response, baby)
    return response

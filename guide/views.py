from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from guide import services
from guide.forms import AdvanceForm, FinishForm, FussForm, StartForm
from guide.journal import journal_context, journal_file_name, write_journal_csv
from guide.models import MassageSession
from routines.models import ChecklistItem
from routines.selectors import calming_stroke, content_version, game_ages, steps_by_id
from safety import texts
from safety.gate import get_baby_for_user, requires_screening, screening_exempt
from safety.models import BodyArea
from safety.services import gate_status

# What the player says on a step done once per side, whole phrases so that each language can agree its words.
SIDES = {
    "arms": {"left": gettext_lazy("Left arm"), "right": gettext_lazy("Right arm"),
             "now_right": gettext_lazy("Now the right arm")},
    "legs": {"left": gettext_lazy("Left leg"), "right": gettext_lazy("Right leg"),
             "now_right": gettext_lazy("Now the right leg")},
    "feet": {"left": gettext_lazy("Left foot"), "right": gettext_lazy("Right foot"),
             "now_right": gettext_lazy("Now the right foot")},
    "": {"left": gettext_lazy("Left side"), "right": gettext_lazy("Right side"),
         "now_right": gettext_lazy("Now the right side")},
}


def _side_label(session, position, side, step):
    if not side or step is None:
        return ""
    first_on_right = side == "right" and session.side_at(position - 1) != "right"
    return SIDES.get(step.routine.body_area, SIDES[""])["now_right" if first_on_right else side]

FAMILY = "The family's own page and records: they show where the baby stands and start no massage."


@require_safe
@login_required
@screening_exempt(FAMILY)
def baby_detail(request, baby_id):
    baby = get_baby_for_user(request, baby_id)
    status = gate_status(baby)
    return render(request, "guide/baby_detail.html", {
        "baby": baby, "status": status, "today": timezone.localdate(),
        "outcome_text": texts.OUTCOMES.get(status.outcome), "resume": _unfinished(baby),
    })


def _unfinished(baby):
    """The baby's unfinished session, to resume, if there is one."""
    return baby.massage_sessions.resumable().select_related("course", "routine").first()


@require_http_methods(["GET", "HEAD", "POST"])
@requires_screening
def session_start(request, baby_id):
    """The plan for this baby today (the course for the corrected age and which of its sessions is next, or
    what to do between courses or after the last one; areas left out), resume for an unfinished session,
    and the choice of what to start."""
    gate = request.gate
    plan = services.todays_plan(baby=gate.baby, excluded_areas=gate.excluded_areas)
    form = StartForm(request.POST or None, course=plan.course, routines=plan.single)
    if request.method == "POST" and form.is_valid():
        course, routine = form.chosen()
        try:
            session = services.start_session(gate=gate, course=course, routine=routine, plan=plan,
                                             started_by=request.user, hands_free=form.cleaned_data["hands_free"])
        except services.NothingToDo:
            form.add_error("choice", _("There is no step in this that suits your baby right now."))
        else:
            return redirect("guide:session_checklist", gate.baby.pk, session.pk)
    # Only a child past the baby courses is pointed to the games, so only then are their ages read.
    youngest_game = game_ages()[0] if plan.outgrown else None
    return render(request, "guide/session_start.html", {
        "baby": gate.baby, "plan": plan, "form": form, "resume": _unfinished(gate.baby),
        "youngest_game": youngest_game,
    }, status=400 if form.errors else 200)


def _session_for(request, session_id, lock=False):
    """A session of the baby that passed the gate (locked for a change, inside the caller's transaction), with the
    content's version, to read its steps from the library this process keeps (routines.selectors); anyone else's
    is a 404."""
    try:
        if lock:
            return MassageSession.objects.locked(baby=request.gate.baby, pk=session_id)
        return (MassageSession.objects.filter(baby=request.gate.baby).annotate(content_version=content_version())
                .select_related("course", "routine").get(pk=session_id))
    except MassageSession.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET", "HEAD", "POST"])
@requires_screening
def session_checklist(request, baby_id, session_id):
    session = _session_for(request, session_id)
    if request.method == "POST":
        if request.POST.get("checklist") not in MassageSession.Checklist.values:
            return HttpResponseBadRequest(_("Tick the list or skip it."))
        session.set_checklist(request.POST["checklist"])
        return redirect("guide:session_player", baby_id, session.pk)
    return render(request, "guide/session_checklist.html", {
        "baby": request.gate.baby, "session": session, "items": ChecklistItem.objects.all(),
        "daily_check": request.gate.daily_check,
    })


@require_safe
@vary_on_headers("HX-Request")
@requires_screening
def session_player(request, baby_id, session_id):
    session = _session_for(request, session_id)
    if session.finished:
        return redirect("guide:session_finish", baby_id, session.pk)
    if session.is_abandoned():
        messages.info(request, _("That session was left for more than 12 hours, so it is in the journal as "
                                 "stopped early. Start a new one when your baby is ready."))
        return redirect("guide:journal", baby_id)
    if not session.checklist:
        return redirect("guide:session_checklist", baby_id, session.pk)
    return _player(request, session, fussing=request.GET.get("fussing") == "1")


def _player(request, session, fussing=False):
    """The player page, or only its step card for htmx: the current and next step, or, when the session ends
    gently, the calming stroke on an area the clearance allows (from the cache of the content at the session's
    `content_version`: no query once this app process has read that version)."""
    wanted = [pk for pk in (session.current_step_id, session.next_step_id) if pk is not None]
    steps = steps_by_id(wanted, session.content_version)
    ending = calming_stroke(session.left_out_areas, session.content_version) if session.ending_gently else None
    context = _card_context(request, session, steps, session.position, fussing=fussing,
                            gentle=session.ending_gently, ending=ending)
    template = "guide/session_player.html#step-card" if request.htmx else "guide/session_player.html"
    return render(request, template, context)


def _card_context(request, session, steps, position, fussing=False, gentle=False, ending=None):
    """What the step card shows at `position` of the plan: `steps` holds (at least) that step and the next;
    when the session ends `gentle`, `ending` is the calming stroke (None: a cuddle)."""
    step_id = session.step_ids[position] if position < session.total_steps else None
    next_id = session.step_ids[position + 1] if position + 1 < session.total_steps else None
    step = None if gentle or session.finished else steps.get(step_id)
    side = session.side_at(position)
    return {
        "session": session, "baby": request.gate.baby, "fussing": fussing, "position": position,
        "ending_gently": gentle, "ending": ending, "step": step, "next_step": steps.get(next_id),
        "step_number": position + 1, "area": BodyArea(step.routine.body_area).label if step else "",
        "side": side, "turn": session.turn_at(position),
        "side_label": _side_label(session, position, side, step),
        "seconds": step.countdown_seconds if step else 0,
        "cue_choices": MassageSession.Cue.choices,
    }


@require_safe
@requires_screening
def session_cards(request, baby_id, session_id):
    """Every step card still ahead, and the calming one, for the player to keep on the phone: a session
    started online goes on if the connection drops (static/js/player.js queues the steps done offline)."""
    session = _session_for(request, session_id)
    if session.finished or session.ending_gently:
        return JsonResponse({"position": session.position, "cards": [], "gentle": ""})
    steps = steps_by_id(session.step_ids[session.position:], session.content_version)
    card = "guide/session_player.html#step-card"
    cards = [
        {"position": position, "step": session.step_ids[position], "area": session.step_areas[position],
         "html": render_to_string(card, _card_context(request, session, steps, position), request)}
        for position in range(session.position, session.total_steps)
    ]
    calming = calming_stroke(session.left_out_areas, session.content_version)
    gentle = render_to_string(
        card, _card_context(request, session, steps, session.total_steps, gentle=True, ending=calming), request)
    return JsonResponse({"position": session.position, "cards": cards, "gentle": gentle})


def _after_change(request, session, fussing=False):
    """htmx gets the new step card (or is sent to the finish page); a plain form post is redirected."""
    if session.finished:
        finish = reverse("guide:session_finish", args=[session.baby_id, session.pk])
        return HttpResponseClientRedirect(finish) if request.htmx else redirect(finish)
    if request.htmx:
        return _player(request, session, fussing=fussing)
    player = reverse("guide:session_player", args=[session.baby_id, session.pk])
    return redirect(player + ("?fussing=1" if fussing else ""))


@require_POST
@vary_on_headers("HX-Request")
@requires_screening
def session_advance(request, baby_id, session_id):
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("That step could not be saved. Reload the page to go on."))
    step, action, position = (form.cleaned_data[name] for name in ("step", "action", "position"))
    with transaction.atomic():
        session = _session_for(request, session_id, lock=True)
        if action == AdvanceForm.SKIP_AREA:
            session.skip_rest_of_area(step, position=position)
        else:
            session.record_step(step, done=action == AdvanceForm.DONE, position=position)
    return _after_change(request, session)


@require_POST
@vary_on_headers("HX-Request")
@requires_screening
def session_fuss(request, baby_id, session_id):
    form = FussForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose what your baby is doing."))
    with transaction.atomic():
        session = _session_for(request, session_id, lock=True)
        session.note_cue(form.cleaned_data["cue"])
    return _after_change(request, session, fussing=True)


@require_POST
@vary_on_headers("HX-Request")
@requires_screening
def session_end_gently(request, baby_id, session_id):
    with transaction.atomic():
        session = _session_for(request, session_id, lock=True)
        session.end_gently()
    return _after_change(request, session)


@require_http_methods(["GET", "HEAD", "POST"])
@requires_screening
def session_finish(request, baby_id, session_id):
    session = _session_for(request, session_id)
    form = FinishForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        session.finish(mood=form.cleaned_data["mood"], cues=form.cleaned_data["cues_seen"],
                       note=form.cleaned_data["note"])
        messages.success(request, _("The session is saved in the journal."))
        return redirect("guide:journal", baby_id)
    return render(request, "guide/session_finish.html", {"baby": request.gate.baby, "session": session,
                                                         "form": form}, status=400 if form.errors else 200)


@require_safe
@login_required
@screening_exempt(FAMILY)
def journal(request, baby_id):
    baby = get_baby_for_user(request, baby_id)
    return render(request, "guide/journal.html", {"baby": baby, **journal_context(baby, request.GET.get("page", 1))})


@require_safe
@login_required
@screening_exempt(FAMILY)
def journal_csv(request, baby_id):
    baby = get_baby_for_user(request, baby_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, journal_file_name(baby))
    write_journal_csv(response, baby)
    return response

"""Sharing a baby with a clinic (the parent's pages), and the clinic desk (clinic staff's pages)."""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clinics import services
from clinics.forms import ClinicClearanceForm, CodeForm
from clinics.models import ClinicEvent, ClinicStaff, Share
from routines.models import Course, Routine
from routines.printing import qr_svg
from routines.selectors import awaiting_review
from safety import rules
from safety.gate import get_baby_for_owner, screening_exempt
from safety.models import BodyArea, Clearance
from safety.services import clearance_allowed, latest_screening
from safety.throttle import client_ip

SHARING = "Sharing a baby with a clinic shows and records approvals; it starts no massage."
DESK = "The clinic desk prints sheets and records approvals for shared babies; it starts no massage."

# The login session says whether to show "Clinic desk" in the menu (base.html): no query on every page.
DESK_SESSION_KEY = "clinic_desk"


def remember_clinic_desk(sender, request, user, **kwargs):
    """At login, remember whether this user works at a clinic, for the menu only: every desk page checks again."""
    if request is None or not hasattr(request, "session"):
        return
    if ClinicStaff.objects.filter(user=user).exists():
        request.session[DESK_SESSION_KEY] = True
    else:
        request.session.pop(DESK_SESSION_KEY, None)


# --- the parent's side ---------------------------------------------------------------------------


def _own_baby(request, baby_id):
    """A baby the signed-in parent owns (any of its parents). Only owners share it with a clinic: a caregiver may
    see the baby, but does not decide who else does (403, said plainly); anyone else gets 404."""
    return get_baby_for_owner(request, baby_id)


@require_safe
@login_required
@screening_exempt(SHARING)
def baby_share(request, baby_id):
    baby = _own_baby(request, baby_id)
    now = timezone.now()
    waiting = Share.objects.waiting(now).filter(baby=baby).first()
    qr = None
    if waiting is not None:
        link = request.build_absolute_uri(reverse("clinics:code")) + "?" + urlencode({"code": waiting.display_code})
        qr = qr_svg(link, _("QR code: the code for your clinic to scan"))
    return render(request, "clinics/baby_share.html", {
        "baby": baby, "waiting": waiting, "qr": qr,
        "shares": Share.objects.active().filter(baby=baby).select_related("clinic"),
        "events": ClinicEvent.objects.filter(baby=baby).select_related("clinic")[:30],
    })


@require_POST
@login_required
@screening_exempt(SHARING)
def share_code_new(request, baby_id):
    baby = _own_baby(request, baby_id)
    services.make_code(baby=baby, parent=request.user, address=client_ip(request))
    return redirect("clinics:baby_share", baby.pk)


@require_POST
@login_required
@screening_exempt(SHARING)
def share_end(request, baby_id, share_id):
    baby = _own_baby(request, baby_id)
    share = get_object_or_404(Share.objects.filter(baby=baby).select_related("clinic"), pk=share_id)
    services.end_share(share=share, parent=request.user, address=client_ip(request))
    if share.clinic is not None:
        messages.success(request, _("%(clinic)s can no longer see %(name)s.") % {
            "clinic": share.clinic.name, "name": baby.name})
    else:
        messages.success(request, _("The code no longer works."))
    return redirect("clinics:baby_share", baby.pk)


# --- the clinic's side ---------------------------------------------------------------------------


def clinic_staff_only(view):
    """Runs the view for a member of clinic staff (request.clinic_staff, with their clinic). Anyone else signed in
    gets a page that says the desk is for clinic staff, with status 404: these pages are nobody else's."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        staff = ClinicStaff.objects.select_related("clinic").filter(user=request.user).first()
        if staff is None:
            return render(request, "clinics/staff_only.html", status=404)
        staff.user = request.user  # already loaded; saves a query
        request.clinic_staff = staff
        return view(request, *args, **kwargs)

    return wrapper


def _shared_with_my_clinic(request, share_id):
    """A share open for the visitor's own clinic, with its baby; 404 for another clinic's, an ended one, or none."""
    shares = Share.objects.active().filter(clinic=request.clinic_staff.clinic).select_related("baby", "clinic")
    return get_object_or_404(shares, pk=share_id)


@require_safe
@login_required
@screening_exempt(DESK)
@clinic_staff_only
def desk(request):
    clinic = request.clinic_staff.clinic
    courses = list(Course.objects.published().annotate(
        routine_count=Count("course_routines", filter=Q(course_routines__routine__published=True))
    ))
    routines = list(Routine.objects.published())
    sheets = request.GET.get("sheets", "")  # the language the sheets print in: the desk's own unless chosen
    return render(request, "clinics/desk.html", {
        "sheets": sheets if sheets in dict(settings.LANGUAGES) else get_language(),
        "clinic": clinic, "routines": routines, "courses": courses, "form": CodeForm(),
        "awaiting": awaiting_review(routines=routines, courses=courses),
        "shares": Share.objects.active().filter(clinic=clinic).select_related("baby").order_by("-opened_at"),
    })


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@screening_exempt(DESK)
@clinic_staff_only
def code(request):
    """Enter a family's code (the QR code on the parent's phone opens this page with it filled in)."""
    form = CodeForm(request.POST or None, initial={"code": request.GET.get("code", "")[:20]})
    if request.method == "POST" and form.is_valid():
        try:
            share = services.open_code(code=form.cleaned_data["code"], staff=request.clinic_staff,
                                       address=client_ip(request))
        except services.TooManyTries:
            minutes = int(services.CODE_TRIES_WINDOW.total_seconds() // 60)
            return render(request, "clinics/too_many_tries.html", {"minutes": minutes}, status=429)
        except services.CodeRefused:
            form.add_error("code", _("This code does not open anything. It may be mistyped, more than 24 hours old, "
                                     "or already used. Ask the parent to make a new code on their phone."))
        else:
            messages.success(request, _("%(name)s is now shared with %(clinic)s.") % {
                "name": share.baby.name, "clinic": share.clinic.name})
            return redirect("clinics:shared_baby", share.pk)
    return render(request, "clinics/code.html", {"form": form, "clinic": request.clinic_staff.clinic},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@screening_exempt(DESK)
@clinic_staff_only
def shared_baby(request, share_id):
    """What the clinic needs to decide on massage: the baby's age and corrected age, and the health answers'
    concerns and outcome (never the journal, never today's checks); and the form to record the approval."""
    share = _shared_with_my_clinic(request, share_id)
    staff, baby, now = request.clinic_staff, share.baby, timezone.now()
    screening = latest_screening(baby)
    if screening is not None and not screening.counts_at(now):
        screening = None  # out of date: the family answers again first
    questions = list(screening.version.questions.all()) if screening is not None else []
    form = None
    if screening is not None and clearance_allowed(screening):
        instance = Clearance(baby=baby, screening=screening, recorded_by=staff.user, source=Clearance.Source.CLINIC,
                             organisation=staff.clinic.name, approved_on=timezone.localdate(now))
        form = ClinicClearanceForm(request.POST or None, instance=instance,
                                   suggested_areas=rules.suggested_areas(questions, screening.concerns))
    if request.method == "POST":
        if form is None:
            messages.info(request, _("These health answers do not call for a doctor's approval."))
            return redirect("clinics:shared_baby", share.pk)
        if form.is_valid():
            if form.cleaned_data["seen_screening"] != screening.pk:
                form.add_error(None, _("The family has answered the health questions again since this page was "
                                       "opened. Read the new answers below before recording an approval."))
            else:
                try:
                    services.record_clinic_clearance(share=share, staff=staff, screening=screening,
                                                     address=client_ip(request), **form.record_fields())
                except services.ShareEnded:
                    raise Http404 from None
                except ValidationError as error:
                    form.add_error(None, error.messages)
                else:
                    messages.success(request, _("The approval is recorded. The family sees it as recorded by "
                                                "%(clinic)s.") % {"clinic": staff.clinic.name})
                    return redirect("clinics:shared_baby", share.pk)
    else:
        services.saw_baby(share=share, staff=staff, address=client_ip(request))
    return render(request, "clinics/shared_baby.html", {
        "share": share, "baby": baby, "clinic": staff.clinic, "form": form,
        **_screening_context(screening, questions, now),
    }, status=400 if form is not None and form.errors else 200)


def _screening_context(screening, questions, now):
    """The health answers as the clinic reads them: outcome, the answers that need a doctor, suggested areas, and
    the approvals already recorded for them (with the one that counts today)."""
    if screening is None:
        return {"screening": None}
    by_qid = {question.qid: question for question in questions}
    today = timezone.localdate(now)
    clearances = list(screening.clearances.all())
    for clearance in clearances:
        clearance.baby = screening.baby  # already loaded; saves a query each
        clearance.area_labels = [BodyArea(area).label for area in rules.area_order(clearance.excluded_areas)]
    return {
        "screening": screening,
        "concerns": [by_qid[qid] for qid in screening.concerns if qid in by_qid],
        "acute": [by_qid[qid] for qid in screening.acute if qid in by_qid],
        "suggested": [BodyArea(area).label for area in rules.suggested_areas(questions, screening.concerns)],
        "left_out": [BodyArea(area).label for area in screening.excluded_areas],
        "clearances": clearances,
        "valid_clearance": next((clearance for clearance in clearances if clearance.valid_on(today)), None),
        "not_yet": today < screening.eligible_from,
    }

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safety import mail, rules, services, texts
from safety.forms import (
    AccountSettingsForm,
    BabyForm,
    ClearanceForm,
    DailyCheckForm,
    EmailLoginForm,
    PasswordResetByMailForm,
    ScreeningForm,
    SignupForm,
)
from safety.gate import get_baby_for_user, safe_next, screening_exempt, with_next
from safety.middleware import remember_in_session
from safety.models import BodyArea, Clearance, ParentSettings, QuestionnaireVersion, ScreeningSubmission
from safety.rules import Outcome
from safety.services import NextStep

ACCOUNTS = "Accounts and baby profiles start no massage."
SCREENING = "This is the screening itself: it is how a baby gets past the gate."


@require_http_methods(["GET", "HEAD", "POST"])
@screening_exempt(ACCOUNTS)
def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        remember_in_session(request, ParentSettings.remember_time_zone(user, form.cleaned_data["time_zone"]))
        messages.success(request, _("Welcome! Now add your baby."))
        return redirect(safe_next(request, reverse("safety:baby_add")))
    return render(request, "registration/signup.html", {"form": form, "next": safe_next(request, "")})


class ThrottledLoginView(auth_views.LoginView):
    """Django's login with the email form. django-axes throttles it, as it does the admin's login: see
    safety/throttle.py and the AXES_ settings."""

    form_class = EmailLoginForm

    def form_valid(self, form):
        response = super().form_valid(form)
        # The zone kept for this parent; the browser's only when none is kept yet (a choice made on the
        # account page stays when logging in from a phone set to another zone).
        zone = ParentSettings.remember_time_zone(form.get_user(), form.cleaned_data["time_zone"], replace=False)
        remember_in_session(self.request, zone)
        return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@screening_exempt(ACCOUNTS)
def account(request):
    found, _created = ParentSettings.objects.get_or_create(user=request.user)
    form = AccountSettingsForm(request.POST or None, instance=found,
                               initial={"time_zone": found.time_zone or settings.TIME_ZONE})
    if request.method == "POST" and form.is_valid():
        form.save()
        remember_in_session(request, found.time_zone)
        messages.success(request, _("Saved."))
        return redirect("safety:account")
    return render(request, "safety/account.html", {"form": form}, status=400 if form.errors else 200)


@require_safe
@login_required
@screening_exempt(ACCOUNTS)
def baby_list(request):
    babies = request.user.babies.active()
    return render(request, "safety/baby_list.html", {"babies": babies})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@screening_exempt(ACCOUNTS)
def baby_add(request):
    form = BabyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        baby = form.save(commit=False)
        baby.parent = request.user
        baby.save()
        messages.success(request, _("%(name)s is added. Next: the health questions.") % {"name": baby.name})
        return redirect("safety:screening", baby.pk)
    return render(request, "safety/baby_form.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@screening_exempt(ACCOUNTS)
def baby_edit(request, baby_id):
    baby = get_baby_for_user(request, baby_id)
    form = BabyForm(request.POST or None, instance=baby)
    if request.method == "POST" and form.is_valid():
        if services.save_baby(baby=form.instance, changed_by=request.user):
            messages.info(request, _("Saved. The birth details changed, so please answer the health questions "
                                     "again for %(name)s.") % {"name": baby.name})
            return redirect("safety:screening", baby.pk)
        messages.success(request, _("Saved."))
        return redirect(baby)
    return render(request, "safety/baby_form.html", {"form": form, "baby": baby}, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@screening_exempt(ACCOUNTS)
def baby_remove(request, baby_id):
    baby = get_baby_for_user(request, baby_id)
    if request.method == "POST":
        services.remove_baby(baby=baby)
        messages.success(request, _("%(name)s is removed from your list.") % {"name": baby.name})
        return redirect("safety:baby_list")
    return render(request, "safety/baby_confirm_remove.html", {"baby": baby})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@screening_exempt(SCREENING)
def screening(request, baby_id):
    baby = get_baby_for_user(request, baby_id)
    version = QuestionnaireVersion.current()
    replaces = _replaced_screening(request, baby)
    form = ScreeningForm(request.POST or None, version=version, baby=baby)
    if request.method == "POST" and form.is_valid():
        submission = services.submit_screening(
            baby=baby, version=version, answers=form.answers(), respondent=request.user, replaces=replaces
        )
        outcome_url = reverse("safety:screening_outcome", args=[baby.pk, submission.pk])
        return redirect(with_next(outcome_url, safe_next(request, "")))
    status = 400 if request.method == "POST" else 200
    return render(request, "safety/screening_form.html", {
        "baby": baby, "form": form, "replaces": replaces, "next": safe_next(request, ""),
    }, status=status)


def _replaced_screening(request, baby):
    """The earlier screening a correction points to: it must be this baby's, or the request is refused."""
    raw = request.POST.get("replaces") or request.GET.get("replaces")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return get_object_or_404(ScreeningSubmission, pk=int(raw), baby=baby)


@require_safe
@login_required
@screening_exempt(SCREENING)
def screening_outcome(request, baby_id, submission_id):
    baby = get_baby_for_user(request, baby_id)
    submission = get_object_or_404(baby.screenings.select_related("version"), pk=submission_id)
    status = services.gate_status(baby)
    questions = {q.qid: q for q in submission.version.questions.all()}
    return render(request, "safety/screening_outcome.html", {
        "baby": baby, "submission": submission, "status": status, "next": safe_next(request, ""),
        "text": texts.OUTCOMES[submission.outcome], "stop_text": texts.SCREENING_STOPS.get(submission.acute_outcome),
        "acute": [questions[qid] for qid in submission.acute if qid in questions],
        "concerns": [questions[qid] for qid in submission.concerns if qid in questions],
        "suggested": [BodyArea(a).label for a in rules.suggested_areas(questions.values(), submission.concerns)],
        "left_out": [BodyArea(a).label for a in submission.excluded_areas],
        "not_yet": timezone.localdate() < submission.eligible_from,
        "is_latest": status.screening is not None and status.screening.pk == submission.pk,
    })


@require_POST
@login_required
@screening_exempt(SCREENING)
def health_changed(request, baby_id):
    baby = get_baby_for_user(request, baby_id)
    services.report_health_changed(baby=baby)
    messages.info(request, _("Thank you. Please answer the health questions again for %(name)s.") % {"name": baby.name})
    return redirect("safety:screening", baby.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@screening_exempt(SCREENING)
def clearance(request, baby_id):
    baby = get_baby_for_user(request, baby_id)
    screening = services.gate_status(baby).screening
    if screening is None:
        return redirect("safety:screening", baby.pk)
    if not services.clearance_allowed(screening):
        messages.info(request, _("The last health questions did not call for a doctor's approval."))
        return redirect(baby)
    form = ClearanceForm(
        request.POST or None, instance=Clearance(baby=baby, screening=screening, recorded_by=request.user),
        suggested_areas=rules.suggested_areas(screening.version.questions.all(), screening.concerns),
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.record_clearance(baby=baby, screening=screening, recorded_by=request.user, **fields)
        messages.success(request, _("The doctor's approval is saved."))
        return redirect(safe_next(request, baby.get_absolute_url()))
    return render(request, "safety/clearance_form.html", {
        "baby": baby, "form": form, "screening": screening, "next": safe_next(request, ""),
    }, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@screening_exempt(SCREENING)
def daily_check(request, baby_id):
    baby = get_baby_for_user(request, baby_id)
    form = DailyCheckForm(request.POST or None, baby=baby, unit=ParentSettings.temperature_unit_of(request.user))
    if request.method == "POST" and form.is_valid():
        check = services.record_daily_check(baby=baby, respondent=request.user, **form.record_fields())
        status = services.gate_status(baby)
        if status.next_step == NextStep.STOPPED and check.outcome in rules.GO:
            messages.warning(request, _("Your answers are saved, but an earlier check still stands."))
            return redirect("safety:daily_check_outcome", baby.pk, status.stop.pk)
        if check.outcome == Outcome.CLEARED:
            return redirect(safe_next(request, baby.get_absolute_url()))
        return redirect(with_next(reverse("safety:daily_check_outcome", args=[baby.pk, check.pk]),
                                  safe_next(request, "")))
    return render(request, "safety/daily_check_form.html", {
        "baby": baby, "form": form, "next": safe_next(request, ""), "stop": services.gate_status(baby).stop,
    }, status=400 if request.method == "POST" else 200)


@require_safe
@login_required
@screening_exempt(SCREENING)
def daily_check_outcome(request, baby_id, check_id):
    baby = get_baby_for_user(request, baby_id)
    check = get_object_or_404(baby.daily_checks, pk=check_id)
    status = services.gate_status(baby)
    return render(request, "safety/daily_check_outcome.html", {
        "baby": baby, "check": check, "text": texts.OUTCOMES[check.outcome], "status": status,
        "stands": check.stands_at(timezone.now()), "next": safe_next(request, ""),
    })


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, saying "sent" only when the mail server took the message."""

    form_class = PasswordResetByMailForm
    email_template_name = "registration/password_reset_email.txt"
    success_url = reverse_lazy("safety:password_reset_done")

    def form_valid(self, form):
        try:
            mail.check_server()
            return super().form_valid(form)
        except mail.MailNotSent:
            form.add_error(None, _("We could not send the email just now. Please try again in a few minutes."))
            return self.render_to_response(self.get_context_data(form=form), status=503)

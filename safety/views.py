from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy, translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safety import mail, rules, services, texts
from safety.forms import (
    AccountSettingsForm,
    BabyForm,
    ClearanceForm,
    DailyCheckForm,
    EmailChangeForm,
    EmailLoginForm,
    InviteForm,
    PasswordAgainForm,
    PasswordResetByMailForm,
    ScreeningForm,
    SignupForm,
)
from safety.gate import get_baby_for_owner, get_baby_for_user, safe_next, screening_exempt, with_next
from safety.middleware import remember_in_session
from safety.models import (
    Baby,
    BodyArea,
    Clearance,
    Invitation,
    LinkInvalid,
    ParentSettings,
    QuestionnaireVersion,
    Role,
    ScreeningSubmission,
    person_name,
)
from safety.rules import Outcome
from safety.services import NextStep

ACCOUNTS = "Accounts and baby profiles start no massage."
PEOPLE = "Who may see a baby (invitations, removing someone) starts no massage."
SCREENING = "This is the screening itself: it is how a baby gets past the gate."


def _speak(response, language):
    """Every later page, on any address, comes in `language` (Django's language cookie, as its set_language sets
    it; babymassage.middleware.PreferredLanguageMiddleware reads it for English addresses)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@require_POST
@screening_exempt(ACCOUNTS)
def language(request):
    """The header's language switcher: the same page in the chosen language, remembered in a cookie and, for a
    signed-in parent, in their settings (so it follows them to another phone at the next login)."""
    chosen = request.POST.get("language", "")
    if chosen not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(_("Choose one of the languages offered."))
    if request.user.is_authenticated:
        ParentSettings.remember_language(request.user, chosen)
    target = safe_next(request)
    with translation.override(translation.get_language_from_path(target) or settings.LANGUAGE_CODE):
        target = translate_url(target, chosen)  # read in the language of its own prefix
    return _speak(redirect(target), chosen)


@require_http_methods(["GET", "HEAD", "POST"])
@screening_exempt(ACCOUNTS)
def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="safety.backends.AccountBackend")
        remember_in_session(request, ParentSettings.remember_time_zone(user, form.cleaned_data["time_zone"]))
        ParentSettings.remember_language(user, translation.get_language())
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
        kept = ParentSettings.language_of(form.get_user())
        return _speak(response, kept) if kept else response


def _data_page(name):
    """A page of the app that holds the whole family's records (download, erase, privacy). Settings name it, so
    that the safety app names no URL of another app."""
    return reverse(settings.SAFETY_DATA_PAGES[name])


def _account_page(request, form, signout_form, status=200):
    return render(request, "safety/account.html", {
        "form": form, "signout_form": signout_form, "download_url": _data_page("download"),
        "delete_url": _data_page("delete_account"), "privacy_url": _data_page("privacy"),
    }, status=status)


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
        with translation.override(found.language):
            messages.success(request, _("Saved."))
            return _speak(redirect("safety:account"), found.language)
    return _account_page(request, form, PasswordAgainForm(user=request.user), status=400 if form.errors else 200)


@require_POST
@login_required
@screening_exempt(ACCOUNTS)
def sign_out_everywhere(request):
    form = PasswordAgainForm(request.POST, user=request.user)
    if not form.is_valid():
        found, _created = ParentSettings.objects.get_or_create(user=request.user)
        return _account_page(request, AccountSettingsForm(instance=found), form, status=400)
    services.sign_out_everywhere(user=request.user, password=form.cleaned_data["password"])
    logout(request)
    messages.success(request, _("You are signed out on every device, this one too. Log in again to go on."))
    return redirect("safety:login")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@screening_exempt(ACCOUNTS)
def email_change(request):
    form = EmailChangeForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        new_email = form.cleaned_data["new_email"]
        try:
            services.request_email_change(user=request.user, new_email=new_email, link=lambda token: (
                request.build_absolute_uri(reverse("safety:email_confirm", args=[token]))))
        except mail.MailNotSent:
            form.add_error(None, texts.MAIL_NOT_SENT)
            status = 503
        else:
            messages.success(request, _("We sent a link to %(email)s. Your email changes when you open it.")
                             % {"email": new_email})
            return redirect("safety:account")
    elif form.errors:
        status = 400
    return render(request, "safety/email_change.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@screening_exempt(ACCOUNTS)
def email_confirm(request, token):
    try:
        if request.method == "POST":
            user = services.confirm_email_change(token=token, user=request.user)
            messages.success(request, _("Your email is now %(email)s.") % {"email": user.email})
            return redirect("safety:account")
        new_email = services.check_email_change(token=token, user=request.user)
    except LinkInvalid as problem:
        return render(request, "safety/link_problem.html", {"reason": problem.reason}, status=400)
    return render(request, "safety/email_confirm.html", {"new_email": new_email})


@require_safe
@login_required
@screening_exempt(ACCOUNTS)
def baby_list(request):
    babies = Baby.objects.active().seen_by(request.user).annotate(my_role=F("memberships__role"))
    return render(request, "safety/baby_list.html", {"babies": babies})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@screening_exempt(ACCOUNTS)
def baby_add(request):
    form = BabyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        baby = services.add_baby(baby=form.save(commit=False), owner=request.user)
        messages.success(request, _("%(name)s is added. Next: the health questions.") % {"name": baby.name})
        return redirect("safety:screening", baby.pk)
    return render(request, "safety/baby_form.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@screening_exempt(ACCOUNTS)
def baby_edit(request, baby_id):
    baby = get_baby_for_owner(request, baby_id)
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
    baby = get_baby_for_owner(request, baby_id)
    if request.method == "POST":
        services.remove_baby(baby=baby)
        messages.success(request, _("%(name)s is removed from your list.") % {"name": baby.name})
        return redirect("safety:baby_list")
    return render(request, "safety/baby_confirm_remove.html", {
        "baby": baby, "erase_url": reverse(settings.SAFETY_DATA_PAGES["erase_baby"], args=[baby.pk]),
    })


def _invite_link(request):
    return lambda token: request.build_absolute_uri(reverse("safety:invitation", args=[token]))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@screening_exempt(PEOPLE)
def baby_people(request, baby_id):
    baby = get_baby_for_owner(request, baby_id)
    form = InviteForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            services.invite(baby=baby, email=email, role=form.cleaned_data["role"], invited_by=request.user,
                            link=_invite_link(request))
        except services.InvitationRefused as refused:
            form.add_error("email", refused.message)
        except mail.MailNotSent:
            form.add_error(None, texts.MAIL_NOT_SENT)
            status = 503
        else:
            messages.success(request, _("We sent an invitation to %(email)s. The link works for %(days)d days.")
                             % {"email": email.strip().lower(), "days": Invitation.VALID_DAYS})
            return redirect("safety:baby_people", baby.pk)
    if form.errors and status == 200:
        status = 400
    now = timezone.now()
    members = list(baby.memberships.select_related("user"))
    owners = [member for member in members if member.is_owner]
    return render(request, "safety/baby_people.html", {
        "baby": baby, "form": form, "members": members,
        # The last parent cannot leave or be removed: no button that can only say no.
        "sole_owner": owners[0] if len(owners) == 1 else None,
        "invitations": [found for found in baby.invitations.all() if found.is_pending(now)],
    }, status=status)


def _membership_for(request, baby, membership_id):
    """A membership of `baby` the visitor may end: any, for an owner; their own, for a caregiver."""
    membership = get_object_or_404(baby.memberships.select_related("user"), pk=membership_id)
    if baby.my_role != Role.OWNER and membership.user_id != request.user.pk:
        raise PermissionDenied(_("Only %(name)s's parents can do this. Ask one of them.") % {"name": baby.name})
    return membership


@require_POST
@login_required
@screening_exempt(PEOPLE)
def member_remove(request, baby_id, membership_id):
    baby = get_baby_for_user(request, baby_id)
    membership = _membership_for(request, baby, membership_id)
    try:
        services.remove_member(membership=membership)
    except services.LastOwner:
        messages.error(request, _("%(name)s needs at least one parent here. To stop, remove or erase %(name)s "
                                  "instead.") % {"name": baby.name})
        return redirect("safety:baby_people", baby.pk)
    if membership.user_id == request.user.pk:
        messages.success(request, _("You no longer see %(name)s.") % {"name": baby.name})
        return redirect("safety:baby_list")
    messages.success(request, _("%(person)s can no longer see %(name)s.")
                     % {"person": person_name(membership.user), "name": baby.name})
    return redirect("safety:baby_people", baby.pk)


@require_POST
@login_required
@screening_exempt(PEOPLE)
def invitation_withdraw(request, baby_id, invitation_id):
    baby = get_baby_for_owner(request, baby_id)
    invitation = get_object_or_404(baby.invitations, pk=invitation_id)
    services.withdraw_invitation(invitation=invitation)
    messages.success(request, _("The invitation to %(email)s is taken back. Its link no longer works.")
                     % {"email": invitation.email})
    return redirect("safety:baby_people", baby.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@screening_exempt(PEOPLE)
def invitation(request, token):
    """Where an invitation's link leads: who invited you to which baby, and "Accept" (after logging in or
    signing up with the invited address). Nothing changes on GET."""
    try:
        found = Invitation.from_token(token)
        if request.method == "POST":
            if not request.user.is_authenticated:
                return redirect(with_next(reverse(settings.LOGIN_URL), request.path))
            services.accept_invitation(invitation=found, user=request.user)
            messages.success(request, _("Welcome! You can now see %(name)s.") % {"name": found.baby.name})
            return redirect(found.baby)
    except LinkInvalid as problem:
        return render(request, "safety/link_problem.html", {"reason": problem.reason}, status=400)
    return render(request, "safety/invitation.html", {
        "invitation": found, "inviter": person_name(found.invited_by), "here": request.path,
        "other_address": request.user.is_authenticated and request.user.email.lower() != found.email,
    })


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@screening_exempt(SCREENING)
def screening(request, baby_id):
    baby = get_baby_for_owner(request, baby_id)
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
    baby = get_baby_for_owner(request, baby_id)
    services.report_health_changed(baby=baby)
    messages.info(request, _("Thank you. Please answer the health questions again for %(name)s.") % {"name": baby.name})
    return redirect("safety:screening", baby.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@screening_exempt(SCREENING)
def clearance(request, baby_id):
    baby = get_baby_for_owner(request, baby_id)
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

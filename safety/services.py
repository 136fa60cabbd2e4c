"""Writes of health records, and the gate's reading of them. Each write is one transaction."""

import functools
from dataclasses import dataclass, field
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from safety import mail, rules, texts
from safety.models import (
    SCREENING_VALID_DAYS,
    Baby,
    Clearance,
    DailyCheck,
    Invitation,
    LinkInvalid,
    Membership,
    ParentSettings,
    ProfileChange,
    QuestionnaireVersion,
    Role,
    ScreeningSubmission,
    person_name,
)
from safety.rules import BodyArea, Outcome, TemperatureUnit
from safety.sql import Columns, fetch_one


class StaleVersion(Exception):
    """The questions were answered on a questionnaire version that is no longer current."""


def _standing_screening_stop(baby, now):
    """(outcome, until) of the baby's newest screening stop that still stands at `now`, or None."""
    held = baby.screenings.filter(stop_until__gt=now).exclude(acute_outcome="").order_by("-stop_until").first()
    return (held.acute_outcome, held.stop_until) if held else None


@transaction.atomic
def submit_screening(*, baby, version, answers, respondent, replaces=None):
    """Record a screening. `answers` must hold an answer for every question of `version` asked at the baby's
    age (a follow-up may be left out when the question it follows was answered "no")."""
    if version != QuestionnaireVersion.current():
        raise StaleVersion(version)
    now = timezone.now()
    today = timezone.localdate(now)
    asked = [q for q in version.questions.all() if rules.is_asked(q, baby.age_days(today))]
    missing = [q.qid for q in asked if not q.follows and q.qid not in answers]
    if missing:
        raise ValueError(f"No answer to {', '.join(missing)}")
    result = rules.screen(
        asked, answers, birth_date=baby.birth_date, today=today, weeks_at_birth=baby.weeks_at_birth,
        intensive_care=baby.intensive_care, now=now, held_stop=_standing_screening_stop(baby, now),
    )
    submission = ScreeningSubmission(
        baby=baby, version=version, answers={q.qid: answers[q.qid] for q in asked if q.qid in answers},
        profile=baby.profile(), outcome=result.outcome, concerns=result.concerns, acute=result.acute,
        acute_outcome=result.acute_outcome, stop_until=result.stop_until, excluded_areas=result.excluded_areas,
        eligible_from=result.eligible_from, respondent=respondent, created_at=now,
        expires_at=now + timedelta(days=SCREENING_VALID_DAYS), replaces=replaces, language=current_language(),
    )
    submission.full_clean()
    submission.save()
    return submission


def current_language():
    """The language of the page being answered, as one of settings.LANGUAGES (English outside a request)."""
    try:
        return translation.get_supported_language_variant(translation.get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def clearance_allowed(screening):
    """A clearance can be recorded for a screening with concerns a doctor can see to, and no acute stop
    (ill right now never leads to a clearance: the parent answers again when the baby is well)."""
    return bool(screening.concerns) and not screening.acute_outcome


@transaction.atomic
def record_clearance(*, baby, screening, recorded_by, source=Clearance.Source.PARENT, **fields):
    """Record a doctor's approval for the standing conditions of `screening` (this baby's)."""
    if screening.baby_id != baby.pk or not clearance_allowed(screening):
        raise ValidationError(_("This screening does not call for a doctor's approval."))
    clearance = Clearance(baby=baby, screening=screening, covers=list(screening.concerns), recorded_by=recorded_by,
                          source=source, **fields)
    clearance.full_clean()
    clearance.save()
    return clearance


@transaction.atomic
def record_daily_check(*, baby, answers, minutes_since_feed, hours_since_vaccine, temperature, respondent,
                       vaccine_site="", temperature_unit=TemperatureUnit.CELSIUS):
    """Record today's check. `temperature` is as the parent entered it, in `temperature_unit`; the check keeps
    that and the reading in °C the rules use. The unit is remembered for the parent's next check."""
    now = timezone.now()
    celsius = rules.to_celsius(temperature, temperature_unit) if temperature is not None else None
    result = rules.daily_check(
        answers, minutes_since_feed=minutes_since_feed, hours_since_vaccine=hours_since_vaccine,
        vaccine_site=vaccine_site, temperature=celsius,
        age_in_days=baby.corrected_age_days(timezone.localdate(now)), now=now,
    )
    check = DailyCheck(
        baby=baby, answers=answers, minutes_since_feed=minutes_since_feed, hours_since_vaccine=hours_since_vaccine,
        vaccine_site=vaccine_site if hours_since_vaccine is not None else "", temperature=celsius,
        temperature_entered=temperature, temperature_unit=temperature_unit if temperature is not None else "",
        outcome=result.outcome, reasons=result.reasons, check_again_at=result.check_again_at,
        excluded_areas=result.excluded_areas, areas_until=result.areas_until, respondent=respondent, created_at=now,
    )
    check.full_clean()
    check.save()
    if ParentSettings.temperature_unit_of(respondent) != temperature_unit:
        ParentSettings.remember_temperature_unit(respondent, temperature_unit)
    return check


def report_health_changed(*, baby):
    """Every screening answered before now stops counting (and the clearances recorded for them)."""
    Baby.objects.filter(pk=baby.pk).update(health_changed_at=timezone.now())


@transaction.atomic
def save_baby(*, baby, changed_by):
    """Save a baby's edited details. A change to the birth date, weeks at birth or intensive care is kept as a
    ProfileChange and re-opens the screening, as "health changed" does. Returns whether the profile changed."""
    stored = Baby.objects.select_for_update().get(pk=baby.pk)
    before, after = stored.profile(), baby.profile()
    changed = before != after
    if changed:
        ProfileChange.objects.create(baby=baby, before=before, after=after, changed_by=changed_by)
        baby.health_changed_at = timezone.now()
    baby.save()
    return changed


def remove_baby(*, baby):
    """Archive: the baby leaves everyone's list; its records stay (erasure is family.services.erase_baby)."""
    Baby.objects.filter(pk=baby.pk).update(removed_at=timezone.now())


@transaction.atomic
def add_baby(*, baby, owner):
    """Save a new baby with `owner` as its first owner."""
    baby.parent = owner
    baby.save()
    Membership.objects.create(baby=baby, user=owner, role=Role.OWNER)
    return baby


# --- who may see a baby: owners invite and remove people ---------------------------------------------

INVITATIONS_PER_HOUR = 10  # per owner: enough for a family, too few to use the app for sending mail


class InvitationRefused(Exception):
    """No invitation was made; `message` says why, for the owner."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class LastOwner(Exception):
    """A baby keeps at least one owner: the last one archives or erases the baby instead of leaving it."""


def invite(*, baby, email, role, invited_by, link):
    """Invite `email` to `baby` as `role` and send the link (`link(token)` makes it absolute).

    Refused (InvitationRefused) when the address already has access or a live invitation, or when the owner
    has sent INVITATIONS_PER_HOUR in the last hour. Raises mail.MailNotSent, leaving no invitation, when the
    mail server does not take the message: nobody is ever told "sent" for a link that did not go."""
    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        # The owner's row is locked so that two invitations sent at once are counted one after the other.
        get_user_model().objects.select_for_update().filter(pk=invited_by.pk).exists()
        if Invitation.objects.filter(invited_by=invited_by, created_at__gt=now - timedelta(hours=1)).count() \
                >= INVITATIONS_PER_HOUR:
            raise InvitationRefused(_("You have sent %(n)d invitations in the last hour. Please wait an hour and "
                                      "try again.") % {"n": INVITATIONS_PER_HOUR})
        if baby.memberships.filter(user__username=email).exists():
            raise InvitationRefused(_("%(email)s can already see %(name)s.") % {"email": email, "name": baby.name})
        pending = [found for found in baby.invitations.filter(email=email) if found.is_pending(now)]
        if pending:
            raise InvitationRefused(_("An invitation to %(email)s is already waiting. Take it back first to send "
                                      "a new one.") % {"email": email})
        invitation = Invitation.objects.create(
            baby=baby, email=email, role=role, invited_by=invited_by, created_at=now,
            expires_at=now + timedelta(days=Invitation.VALID_DAYS),
        )
    context = {"invitation": invitation, "inviter": person_name(invited_by), "link": link(invitation.token())}
    try:
        mail.send(subject=render_to_string("safety/invitation_subject.txt", context).strip(),
                  body=render_to_string("safety/invitation_email.txt", context), to=[email])
    except mail.MailNotSent:
        invitation.delete()  # it never went out: no link to it exists, and it does not count for the limit
        raise
    return invitation


@transaction.atomic
def accept_invitation(*, invitation, user):
    """`user` joins the baby as the invitation says (once: the invitation is used up). An invitation to an
    address that already has access adds nothing, except that an owner's invitation makes a caregiver an owner."""
    now = timezone.now()
    invitation = Invitation.objects.select_for_update().select_related("baby").get(pk=invitation.pk)
    if invitation.withdrawn_at is not None or invitation.baby.removed_at is not None:
        raise LinkInvalid(texts.INVITATION_WITHDRAWN)
    invitation.check_usable(now)
    if user.email.lower() != invitation.email:
        raise LinkInvalid(_("This invitation was sent to %(email)s. Log in with that address to accept it.")
                          % {"email": invitation.email})
    membership, created = Membership.objects.get_or_create(
        baby=invitation.baby, user=user, defaults={"role": invitation.role, "added_at": now})
    if not created and invitation.role == Role.OWNER and not membership.is_owner:
        membership.role = Role.OWNER
        membership.save(update_fields=["role"])
    invitation.accepted_at, invitation.accepted_by = now, user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def withdraw_invitation(*, invitation):
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(withdrawn_at=timezone.now())


@transaction.atomic
def remove_member(*, membership):
    """Take away one person's access to a baby, at once: their next request for it is a 404. Invitations they
    sent for it that are still waiting are taken back too. The last owner cannot be removed (LastOwner)."""
    baby = Baby.objects.select_for_update().get(pk=membership.baby_id)
    other_owners = baby.memberships.filter(role=Role.OWNER).exclude(pk=membership.pk)
    if membership.is_owner and not other_owners.exists():
        raise LastOwner(baby)
    Membership.objects.filter(pk=membership.pk).delete()
    baby.invitations.filter(invited_by=membership.user_id, accepted_at__isnull=True,
                            withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    if baby.parent_id == membership.user_id:
        _hand_over(baby, to=other_owners.first())


def _hand_over(baby, *, to):
    """Baby.parent names who added the baby; when they go, it names another owner (the row must name someone)."""
    baby.parent_id = to.user_id
    baby.save(update_fields=["parent"])


# --- changing one's email address ---------------------------------------------------------------

EMAIL_CHANGE_SALT = "safety.email-change"
EMAIL_CHANGE_VALID = timedelta(days=1)


def email_taken(email, user=None):
    return get_user_model().objects.filter(username=email).exclude(pk=getattr(user, "pk", None)).exists()


def request_email_change(*, user, new_email, link):
    """Send a link to `new_email`; the address changes when it is opened (from there: it is really theirs).
    Raises mail.MailNotSent when the mail server does not take it."""
    token = signing.dumps({"user": user.pk, "from": user.email, "to": new_email}, salt=EMAIL_CHANGE_SALT)
    context = {"user": user, "new_email": new_email, "link": link(token), "hours": EMAIL_CHANGE_VALID.days * 24}
    mail.send(subject=render_to_string("safety/email_change_subject.txt", context).strip(),
              body=render_to_string("safety/email_change_email.txt", context), to=[new_email])


def check_email_change(*, token, user):
    """The new address a link asks for, if `user` can still use it; LinkInvalid says why not. The link works
    once: it names the address it changes from, which is gone after the change."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_VALID)
    except signing.SignatureExpired:
        raise LinkInvalid(texts.LINK_EXPIRED) from None
    except signing.BadSignature:
        raise LinkInvalid(texts.LINK_BROKEN) from None
    if not isinstance(data, dict) or data.get("user") != user.pk:
        raise LinkInvalid(_("This link is for another account. Log in with the account that asked for it."))
    if user.email != data.get("from"):
        raise LinkInvalid(texts.LINK_USED)
    if email_taken(data["to"], user):
        raise LinkInvalid(_("There is already an account with %(email)s.") % {"email": data["to"]})
    return data["to"]


@transaction.atomic
def confirm_email_change(*, token, user):
    """Make the address in `token` the signed-in `user`'s email (and user name)."""
    locked = get_user_model().objects.select_for_update().get(pk=user.pk)
    locked.email = locked.username = check_email_change(token=token, user=locked)
    locked.save(update_fields=["email", "username"])
    return locked


def sign_out_everywhere(*, user, password):
    """End every login session of `user`, on every device. Each session carries a hash of the stored password
    hash; the same password stored again with a new salt changes it, so no session that exists still matches."""
    user.set_password(password)
    user.save(update_fields=["password"])


# --- erasure: the one way health records leave -------------------------------------------------------

def erase_baby_records(*, baby_ids):
    """Delete every record the safety app keeps about these babies, the babies included. Run by the erasure
    workflows (family/services.py) inside their transaction, after the other apps removed their own records of
    the babies. Returns how many rows of each kind went."""
    counts = {
        "profile_changes": ProfileChange.objects.filter(baby__in=baby_ids).erase(),
        "clearances": Clearance.objects.filter(baby__in=baby_ids).erase(),
        "daily_checks": DailyCheck.objects.filter(baby__in=baby_ids).erase(),
        "screenings": ScreeningSubmission.objects.filter(baby__in=baby_ids).erase(),
        "invitations": Invitation.objects.filter(baby__in=baby_ids).delete()[0],
        "memberships": Membership.objects.filter(baby__in=baby_ids).delete()[0],
    }
    # Django's collector takes along anything else that points at a baby with on_delete=CASCADE (a clinic's
    # share, say), and refuses if something protected is still there; both show in the counts.
    _total, by_model = Baby.objects.filter(pk__in=baby_ids).delete()
    counts["babies"] = by_model.pop(Baby._meta.label, 0)
    counts.update(by_model)
    return counts


def erase_person(*, user):
    """Delete `user` and what is kept about them: their settings, memberships, invitations they sent and ones sent
    to their address, their login-throttling records. Health records of babies that stay (with another owner)
    keep no name. Babies they alone owned must be erased first (family.services.erase_account)."""
    for baby in Baby.objects.filter(parent=user):
        other = baby.memberships.filter(role=Role.OWNER).exclude(user=user).first()
        if other is None:
            raise LastOwner(baby)
        _hand_over(baby, to=other)
    counts = {
        "invitations": Invitation.objects.filter(models.Q(email=user.email.lower()) | models.Q(invited_by=user))
        .delete()[0],
        "memberships": Membership.objects.filter(user=user).delete()[0],
        "login_records": sum(model.objects.filter(username=user.username).delete()[0]
                             for model in (AccessAttempt, AccessFailureLog, AccessLog)),
    }
    get_user_model().objects.filter(pk=user.pk).delete()
    counts["accounts"] = 1
    return counts


class NextStep(models.TextChoices):
    """The step a parent still has to take before a session, in the order the gate sends them there."""

    STOPPED = "stopped", _("Wait: today's check said no massage for now")
    SCREENING = "screening", _("Answer the health questions")
    SCREENING_STOP = "screening_stop", _("Wait until the baby is well, then answer the health questions again")
    CLEARANCE = "clearance", _("Record the doctor's approval")
    NOT_YET = "not_yet", _("Wait until the baby is old enough")
    TODAY = "today", _("Answer today's check")


@dataclass
class GateStatus:
    baby: Baby
    screening: ScreeningSubmission | None = None
    clearance: Clearance | None = None
    daily_check: DailyCheck | None = None
    stops: list = field(default_factory=list)  # today's checks whose stop still stands, newest first
    outcome: str | None = None
    next_step: NextStep | None = None
    excluded_areas: list = field(default_factory=list)

    @property
    def passed(self):
        return self.next_step is None

    @property
    def excluded_labels(self):
        return [label for value, label in BodyArea.choices if value in self.excluded_areas]

    @property
    def stop(self):
        """The standing stop to show: the most restrictive, and of those the one that lifts last."""
        if not self.stops:
            return None
        return min(self.stops, key=lambda check: (rules.RANK[check.outcome], -check.check_again_at.timestamp()))

    @property
    def stop_lifts_at(self):
        return max(check.check_again_at for check in self.stops) if self.stops else None


# The gate's reading is cached per app process, under stamps read from the database with the screening in the
# gate's one query (see _GATE_SQL): the newest today's check of the baby and the newest clearance of the
# screening. Records are insert-only, so a new one changes a stamp and the next request reads afresh; whatever
# else the gate relies on (the baby's profile and "health changed", the screening, the questionnaire version,
# who may see the baby) is read fresh in that query on every request. Nothing cached has to be invalidated by
# hand, so a new way of recording something cannot forget to, and several servers need no shared cache.
GATE_CACHE_SECONDS = 3 * 60 * 60
# Today's checks are kept from a little before the moment they are read, so a clock stepped back a little (or a
# cache shared with a server whose clock is behind) still finds a stop that stood then.
CLOCK_MARGIN = timedelta(minutes=5)


# The gate's one statement, written out in SQL: Django's ORM took ten times as long to build and compile it as
# the database took to answer it, on every step of every session (perf/README.md, issue 19). The baby, seen by
# the visitor through a membership and not removed; its newest screening on the current questionnaire version
# (none: NULLs); and the stamps of the records cached under them: the baby's newest today's check and the
# screening's newest clearance. tests/safety/test_gate_statement.py holds it to the rules written with the ORM.
_GATE_SQL = """
SELECT {baby}, {screening},
    (SELECT MAX(c.id) FROM safety_dailycheck c WHERE c.baby_id = b.id) AS newest_check_id,
    (SELECT MAX(k.id) FROM safety_clearance k WHERE k.screening_id = s.id) AS newest_clearance_id
FROM safety_baby b
LEFT JOIN safety_screeningsubmission s ON s.id = (
    SELECT n.id FROM safety_screeningsubmission n
    WHERE n.baby_id = b.id
      AND n.version_id = (SELECT v.id FROM safety_questionnaireversion v ORDER BY v.number DESC LIMIT 1)
    ORDER BY n.created_at DESC, n.id DESC LIMIT 1)
WHERE b.id = %s {seen_by}
"""
_SEEN_BY = """AND b.removed_at IS NULL AND EXISTS (
    SELECT 1 FROM safety_membership m WHERE m.baby_id = b.id AND m.user_id = %s AND m.role IN ({roles}))"""


_BABY, _SCREENING = Columns(Baby, "b"), Columns(ScreeningSubmission, "s")


@functools.cache
def _gate_sql(role_count):
    """The gate's statement, built once for each number of roles (None: any baby, seen by anyone or not)."""
    seen_by = "" if role_count is None else _SEEN_BY.format(roles=", ".join(["%s"] * role_count))
    return _GATE_SQL.format(baby=_BABY.sql, screening=_SCREENING.sql, seen_by=seen_by)


def _gate_row(baby_id, user=None, roles=()):
    """(baby, its newest current screening with the two stamps, or None) from the gate's statement, or None for
    no such baby. With `user`: only a baby not removed that `user` sees in one of `roles`."""
    sql = _gate_sql(None if user is None else len(roles))
    params = [baby_id, user.pk, *roles] if user is not None else [baby_id]
    row, connection = fetch_one(Baby, sql, params)
    if row is None:
        return None
    baby = _BABY.instance(row[:len(_BABY)], connection)
    screening_values, (check_stamp, clearance_stamp) = row[len(_BABY):-2], row[-2:]
    if screening_values[0] is None:
        return baby, None
    screening = _SCREENING.instance(screening_values, connection)
    screening.baby, screening.newest_check_id, screening.newest_clearance_id = baby, check_stamp, clearance_stamp
    return baby, screening


def latest_screening(baby):
    """The baby's newest screening on the current questionnaire version, in one query."""
    _found, screening = _gate_row(baby.pk) or (None, None)
    if screening is not None:
        screening.baby = baby  # the caller's instance, with whatever it has already loaded
    return screening


def baby_and_latest_screening(user, baby_id, roles=(Role.OWNER, Role.CAREGIVER)):
    """The baby `baby_id` if `user` sees it in one of `roles` (not removed), and its newest current screening
    (None for none), in one query. Raises Baby.DoesNotExist for any other baby."""
    found = _gate_row(baby_id, user, roles)
    if found is None:
        raise Baby.DoesNotExist(baby_id)
    return found


def _cached(key, read):
    """`read()` (a list of records), kept under `key` in the app process's cache."""
    found = cache.get(key)
    if found is None:
        found = read()
        cache.set(key, found, GATE_CACHE_SECONDS)
    return found


def _checks_from(baby, now, screening):
    """The baby's today's checks that count at `now` or later, newest first: from the cache when `screening`
    carries the stamp of the newest check, else one query."""
    def read():
        return list(baby.daily_checks.that_may_count_from(now - CLOCK_MARGIN))

    stamp = getattr(screening, "newest_check_id", _LOOK_UP)
    checks = read() if stamp is _LOOK_UP else _cached(f"gate:checks:{baby.pk}:{stamp}", read)
    for check in checks:
        check.baby = baby  # already loaded; saves a query
    return checks


def _clearances_of(screening):
    """Every clearance recorded for `screening`, newest first: from the cache under the stamp of its newest
    one, else one query."""
    def read():
        return list(screening.clearances.all())

    stamp = getattr(screening, "newest_clearance_id", _LOOK_UP)
    clearances = read() if stamp is _LOOK_UP else _cached(f"gate:clearances:{screening.pk}:{stamp}", read)
    for clearance in clearances:
        clearance.baby = screening.baby  # already loaded; saves a query
    return clearances


def valid_clearance(screening, today):
    """The newest clearance recorded for `screening` that counts today (or None), and the body areas every
    clearance for it left out (a later one can only add areas). At most one query."""
    clearances = _clearances_of(screening)
    excluded = [area for clearance in clearances for area in clearance.excluded_areas]
    valid = next((clearance for clearance in clearances if clearance.valid_on(today)), None)
    return valid, excluded


_LOOK_UP = object()


def gate_status(baby, now=None, screening=_LOOK_UP):
    """Where this baby stands: the records the gate relies on and the next missing step, if any.

    `screening` is the baby's newest current screening (or None) when the caller has already read it.
    Queries: the screening unless given (one); today's checks that count and the screening's clearances
    (when it has concerns), one each, unless the cache holds them under the stamps read with the screening.
    A standing stop from today's check comes first: whatever else is missing, the parent is told that first."""
    now = now or timezone.now()
    if screening is _LOOK_UP:
        screening = latest_screening(baby)
    checks = [check for check in _checks_from(baby, now, screening) if check.counts_at(now)]
    status = GateStatus(baby=baby, stops=[check for check in checks if check.stands_at(now)])
    step = _screening_step(status, screening, checks, now)
    status.next_step = NextStep.STOPPED if status.stops else step
    return status


def _screening_step(status, screening, checks, now):
    """Fills `status` from the screening, its clearances and today's checks; returns the first missing step."""
    today = timezone.localdate(now)
    if screening is None or not screening.counts_at(now):
        return NextStep.SCREENING
    status.screening = screening
    if screening.acute_outcome:
        status.outcome = screening.acute_outcome
        return NextStep.SCREENING_STOP
    excluded = list(screening.excluded_areas)
    if screening.concerns:
        status.clearance, cleared_areas = valid_clearance(screening, today)
        excluded += cleared_areas
    excluded += [area for check in checks if check.leaves_out_areas_at(now) for area in check.excluded_areas]
    status.excluded_areas = rules.area_order(excluded)
    status.outcome = screening.effective_outcome(today, status.clearance, status.excluded_areas)
    if status.outcome == Outcome.NEEDS_CLEARANCE:
        return NextStep.CLEARANCE
    if status.outcome == Outcome.NOT_YET:
        return NextStep.NOT_YET
    latest = checks[0] if checks else None
    if latest is not None and latest.is_valid(now):
        status.daily_check = latest
        return None
    return NextStep.TODAY

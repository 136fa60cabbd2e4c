"""Workflows of sharing a baby with a clinic: making and opening codes, recording a clinic's approval, ending a share.
Each is one transaction and leaves a ClinicEvent behind.

Guessing codes is throttled by counting wrong codes in the database rather than with django-axes: axes counts
failed logins (its records are keyed on the credentials of Django's authentication and lock the login), while a
code is entered by someone already signed in. A wrong code must not lock a nurse out of her account, and the
count lives where every app server sees it. The wrong codes are already kept as ClinicEvents (who, from where,
when), so the throttle counts those: one source of truth, nothing more to clean up.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinics.models import CODE_VALID, ClinicEvent, Share, new_code, normalise_code
from safety import services as safety
from safety.models import Clearance

# Like logins (babymassage/settings.py): 5 wrong codes per account, 30 per address, then 15 minutes' wait.
CODE_TRIES_PER_ACCOUNT = 5
CODE_TRIES_PER_ADDRESS = 30
CODE_TRIES_WINDOW = timedelta(minutes=15)


class CodeRefused(Exception):
    """The code is wrong, more than 24 hours old, already used or stopped: which of these is not said."""


class TooManyTries(Exception):
    """Too many wrong codes from this account or address in the last 15 minutes."""


class ShareEnded(Exception):
    """The share ended (or belongs to another clinic) while the page was open."""


def _record(action, *, actor, address=None, share=None, clinic=None, baby=None, **detail):
    return ClinicEvent.objects.create(
        action=action, actor=actor, address=address, share=share, clinic=clinic or (share.clinic if share else None),
        baby=baby or (share.baby if share else None), detail=detail,
    )


@transaction.atomic
def make_code(*, baby, parent, address=None):
    """A new code for the parent to show at the clinic. One code waits at a time: an unused earlier one stops."""
    now = timezone.now()
    for earlier in Share.objects.waiting(now).filter(baby=baby):
        earlier.end(user=parent, now=now)
    code = new_code()
    while Share.objects.filter(code=code).exists():  # never in practice (31^8 codes); the unique index holds anyway
        code = new_code()
    share = Share.objects.create(baby=baby, code=code, code_expires_at=now + CODE_VALID, created_by=parent,
                                 created_at=now)
    _record(ClinicEvent.Action.CODE_MADE, actor=parent, address=address, share=share)
    return share


def open_code(*, code, staff, address=None):
    """The share behind `code`, now open for the clinic of `staff` (a ClinicStaff). Raises TooManyTries or
    CodeRefused; the refusal is recorded (and counted) before it is raised."""
    problem = None
    with transaction.atomic():
        _take_turns(staff.user_id, address)
        now = timezone.now()
        if _too_many_tries(staff.user_id, address, now):
            _record(ClinicEvent.Action.TOO_MANY_TRIES, actor=staff.user, address=address, clinic=staff.clinic)
            problem = TooManyTries()
        else:
            share = Share.objects.waiting(now).filter(code=normalise_code(code)).first()
            if share is None or not share.open_for(clinic=staff.clinic, user=staff.user, now=now):
                # No baby, no share in the record: a wrong code names nobody.
                _record(ClinicEvent.Action.CODE_REFUSED, actor=staff.user, address=address, clinic=staff.clinic)
                problem = CodeRefused()
            else:
                _record(ClinicEvent.Action.CODE_OPENED, actor=staff.user, address=address, share=share)
    if problem is not None:
        raise problem
    return share


def _too_many_tries(user_id, address, now):
    wrong = ClinicEvent.objects.filter(action=ClinicEvent.Action.CODE_REFUSED, created_at__gt=now - CODE_TRIES_WINDOW)
    if wrong.filter(actor_id=user_id).count() >= CODE_TRIES_PER_ACCOUNT:
        return True
    return address is not None and wrong.filter(address=address).count() >= CODE_TRIES_PER_ADDRESS


def _take_turns(user_id, address):
    """Codes from one account or one address are counted one at a time, so racing requests cannot slip past the
    limit together. On PostgreSQL transaction-long advisory locks (the address first, always in that order);
    SQLite's write transactions already take turns (IMMEDIATE, see settings)."""
    connection = connections[router.db_for_write(ClinicEvent)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for key in (f"clinic-code-address:{address}", f"clinic-code-user:{user_id}"):
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


def saw_baby(*, share, staff, address=None):
    """A member of staff opened the shared baby's page (its health answers): kept, as every other access."""
    _record(ClinicEvent.Action.VIEWED, actor=staff.user, address=address, share=share)


@transaction.atomic
def record_clinic_clearance(*, share, staff, screening, address=None, **fields):
    """Record a doctor's approval for the shared baby, from the clinic: valid up to 6 months, shown to the parent as
    recorded by the clinic. `screening` is the one the member of staff saw; if the parent has answered again since,
    or ended the share, nothing is recorded."""
    locked = Share.objects.active().select_for_update().filter(pk=share.pk, clinic=staff.clinic).first()
    if locked is None:
        raise ShareEnded()
    current = safety.latest_screening(locked.baby)
    if current is None or current.pk != screening.pk or not current.counts_at(timezone.now()):
        raise ValidationError(_("The family has answered the health questions again since this page was opened. "
                                "Read the new answers below before recording an approval."))
    clearance = safety.record_clearance(
        baby=locked.baby, screening=current, recorded_by=staff.user, source=Clearance.Source.CLINIC,
        organisation=staff.clinic.name, approved_on=timezone.localdate(), **fields,
    )
    _record(ClinicEvent.Action.CLEARANCE, actor=staff.user, address=address, share=locked, clearance=clearance.pk,
            excluded_areas=clearance.excluded_areas, expires_on=clearance.expires_on.isoformat())
    return clearance


@transaction.atomic
def end_share(*, share, parent, address=None):
    """The parent ends a share, or stops a code not used yet. From now on the clinic gets a 404."""
    if share.end(user=parent, now=timezone.now()):
        _record(ClinicEvent.Action.ENDED, actor=parent, address=address, share=share)

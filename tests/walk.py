"""Helpers for tests that walk every URL the project has: the views, concrete URLs, and a snapshot of
everything a refused request must leave as it was."""

import re

from django.contrib.auth import get_user_model
from django.urls import get_resolver

from clinics.models import Share
from guide.models import MassageSession
from guide.services import start_session
from routines.models import Routine
from safety.checks import iter_patterns
from safety.gate import REQUIRED, screening_mark
from safety.models import (
    Baby,
    Clearance,
    DailyCheck,
    Invitation,
    Membership,
    ParentSettings,
    ProfileChange,
    ScreeningSubmission,
)
from safety.services import gate_status
from tests.factories import make_course, make_routine, ready_baby


def project_views():
    """(full name, route, callback) of every view outside the admin (which has its own staff login)."""
    for route, callback, namespace, name in iter_patterns(get_resolver().url_patterns):
        if namespace.split(":")[0] != "admin":
            yield f"{namespace}:{name}" if namespace else name, route, callback


def gated_views():
    """(full name, route) of every view that needs a passed gate (@requires_screening)."""
    return [(name, route) for name, route, callback in project_views() if screening_mark(callback) == REQUIRED]


def fill(route, baby, slug):
    """A concrete URL for a route, with this baby, its own records and real content."""
    session = baby.massage_sessions.first()
    screening, check = baby.screenings.first(), baby.daily_checks.first()
    membership, invitation = baby.memberships.order_by("-pk").first(), baby.invitations.first()
    share = Share.objects.filter(baby=baby).first()
    values = {
        "baby_id": baby.pk, "slug": slug, "uidb64": "MQ", "token": "set-password",
        "session_id": session.pk if session else 1, "submission_id": screening.pk if screening else 1,
        "check_id": check.pk if check else 1, "membership_id": membership.pk if membership else 1,
        "invitation_id": invitation.pk if invitation else 1, "share_id": share.pk if share else 1,
    }
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)
    return "/" + path.lstrip("^").rstrip("$")


def snapshot():
    """Everything a refused request must leave exactly as it was."""
    return (
        list(get_user_model().objects.order_by("pk").values_list("pk", "username", "email", "password", "first_name")),
        list(Baby.objects.order_by("pk").values_list("pk", "name", "birth_date", "weeks_at_birth", "intensive_care",
                                                     "removed_at", "health_changed_at")),
        ScreeningSubmission.objects.count(), Clearance.objects.count(), DailyCheck.objects.count(),
        ProfileChange.objects.count(), list(ParentSettings.objects.values_list("user_id", "temperature_unit")),
        list(MassageSession.objects.order_by("pk").values_list(
            "pk", "position", "done_ids", "skipped_ids", "cues", "checklist", "finished_at", "mood", "note")),
        list(Membership.objects.order_by("pk").values_list("pk", "baby_id", "user_id", "role")),
        list(Invitation.objects.order_by("pk").values_list("pk", "email", "accepted_at", "withdrawn_at")),
        # (ClinicEvents are left out: a refused code is recorded on purpose, that is how codes are throttled.)
        list(Share.objects.order_by("pk").values_list("pk", "baby_id", "clinic_id", "opened_at", "ended_at")),
    )


def two_families():
    """Two ready families, each with a baby that has passed the gate and started a session."""
    routine = make_routine(steps=3)
    make_course(routines=[routine], min_age_days=14, max_age_days=400)
    ours, theirs = ready_baby(), ready_baby()
    for baby in (ours, theirs):
        start_session(gate=gate_status(baby), routine=Routine.objects.get())
    return ours, theirs


def endpoints(baby):
    """(name, URL) of every project view, filled with this baby's ids."""
    slug = Routine.objects.get().slug
    return [(name, fill(route, baby, slug)) for name, route, _callback in project_views()]


def private_endpoints(baby):
    """(name, URL) of every view that names one of this family's records: the baby (with its sessions, screenings,
    checks) or one of its shares with a clinic."""
    slug = Routine.objects.get().slug
    return [(name, fill(route, baby, slug)) for name, route, _callback in project_views()
            if "<int:baby_id>" in route or "<int:share_id>" in route]

"""The gate: every view says whether it needs a valid screening.

A view is marked with one of the decorators below. GateMiddleware refuses to run any view that
carries no mark, and the system check in safety/checks.py reports such views at `manage.py check`,
so a new view cannot quietly skip the safety rules.
"""

import logging
from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from safety import services
from safety.models import Baby, Role
from safety.services import NextStep

logger = logging.getLogger(__name__)

EXEMPT = "exempt"
REQUIRED = "required"

# Views we do not write ourselves. Reviewed: none of them shows or starts a guided session.
EXEMPT_NAMESPACES = {"admin"}  # staff only, behind the admin's own login
EXEMPT_VIEW_MODULES = (
    "django.contrib.staticfiles.views",  # static files during development
    "django.views.static",  # editors' uploaded images (SERVE_MEDIA)
)


def screening_exempt(reason):
    """Mark a view as open without a screening. `reason` documents why, for the reviewer."""

    def decorator(view):
        view.screening = EXEMPT
        view.screening_reason = reason
        return view

    return decorator


def screening_mark(view, namespace=""):
    """EXEMPT, REQUIRED, or None for a view that has not declared itself."""
    if namespace.split(":")[0] in EXEMPT_NAMESPACES:
        return EXEMPT
    mark = getattr(view, "screening", None)
    if mark is None and getattr(view, "view_class", None) is not None:
        mark = getattr(view.view_class, "screening", None)
    if mark is None and view.__module__.startswith(EXEMPT_VIEW_MODULES):
        mark = EXEMPT
    return mark


class GateMiddleware:
    """Refuses any view that has not declared whether it needs a screening."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if screening_mark(view_func, match.namespace if match else "") is None:
            logger.error("View %s.%s has no screening declaration", view_func.__module__, view_func.__name__)
            return HttpResponseForbidden("This page has not declared its safety rules and is closed.")
        return None


def _babies_of(request, roles=(Role.OWNER, Role.CAREGIVER)):
    """The babies the signed-in visitor may see, not removed: those they own or look after. A join through the
    membership table, so reading a baby this way costs no query more than reading it by its parent did."""
    return Baby.objects.active().seen_by(request.user, roles)


def get_baby_for_user(request, baby_id):
    """A baby the signed-in visitor owns or looks after, or 404 for anyone else's (or a removed one). The baby's
    `my_role` says which and `my_membership_id` is the visitor's own membership, read in the same query (the
    annotations reuse the filter's join)."""
    babies = _babies_of(request).annotate(my_role=F("memberships__role"), my_membership_id=F("memberships__pk"))
    return get_object_or_404(babies, pk=baby_id)


def get_baby_for_owner(request, baby_id):
    """A baby the signed-in visitor owns: only owners answer the health questions, change the profile, record
    a clearance and invite or remove people. A caregiver is told so (403); anyone else gets 404."""
    baby = get_baby_for_user(request, baby_id)
    if baby.my_role != Role.OWNER:
        raise PermissionDenied(_("Only %(name)s's parents can do this. Ask one of them.") % {"name": baby.name})
    return baby


def safe_next(request, default="/"):
    """The ?next= (or posted next) target when it is a path on this site; anything else is ignored."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return target
    return default


def _go(request, url):
    """Send the parent to `url`. htmx requests get HX-Redirect so the whole page changes, not a fragment."""
    if getattr(request, "htmx", False):
        response = HttpResponseForbidden()
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def with_next(url, next_url):
    """`url` with ?next= added, when there is somewhere to go back to."""
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _back_here(request):
    """Where to come back to once the missing step is done: this page; for htmx, the page it was sent from;
    for a plain form post (a "Done" on a page left open past today's check), the page the form was on — the
    form's own URL answers POST only, and coming back to it would be a dead end."""
    if getattr(request, "htmx", False) and request.htmx.current_url_abs_path:
        return request.htmx.current_url_abs_path
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return ""


def requires_screening(view):
    """The view needs a valid screening, any clearance it calls for, and today's check.

    The view takes `baby_id`; it runs only when the gate has passed, with `request.gate` set to the
    GateStatus (the baby, the records relied on, the body areas left out). Otherwise the parent is sent to
    the next missing step: log in → (a standing stop from today's check: its outcome) → screening → (ill
    now: the screening's outcome) → clearance → (too young: the screening's outcome) → today's check, with
    ?next= bringing them back here.
    """
    @wraps(view)
    def wrapper(request, baby_id, *args, **kwargs):
        if not request.user.is_authenticated:
            return _go(request, with_next(resolve_url(settings.LOGIN_URL), _back_here(request)))
        try:
            baby, screening = services.baby_and_latest_screening(request.user, baby_id)
        except Baby.DoesNotExist:
            raise Http404 from None
        status = services.gate_status(baby, screening=screening)
        if status.next_step == NextStep.STOPPED:
            return _go(request, reverse("safety:daily_check_outcome", args=[baby.pk, status.stop.pk]))
        if status.next_step == NextStep.SCREENING:
            return _go(request, with_next(reverse("safety:screening", args=[baby.pk]), _back_here(request)))
        if status.next_step == NextStep.CLEARANCE:
            return _go(request, with_next(reverse("safety:clearance", args=[baby.pk]), _back_here(request)))
        if status.next_step in (NextStep.SCREENING_STOP, NextStep.NOT_YET):
            return _go(request, reverse("safety:screening_outcome", args=[baby.pk, status.screening.pk]))
        if status.next_step == NextStep.TODAY:
            return _go(request, with_next(reverse("safety:daily_check", args=[baby.pk]), _back_here(request)))
        request.gate = status
        return view(request, baby_id, *args, **kwargs)

    wrapper.screening = REQUIRED
    return wrapper

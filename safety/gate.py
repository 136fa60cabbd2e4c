"""The gate: every view says whether it needs a valid screening.

A view is marked with one of the decorators below. GateMiddleware refuses to run any view that
carries no mark, and the system check in safety/checks.py reports such views at `manage.py check`,
so a new view cannot quietly skip the safety rules.
"""

import logging

from django.http import HttpResponseForbidden

logger = logging.getLogger(__name__)

EXEMPT = "exempt"
REQUIRED = "required"

# Views we do not write ourselves. Reviewed: none of them shows or starts a guided session.
EXEMPT_NAMESPACES = {"admin"}  # staff only, behind the admin's own login
EXEMPT_VIEW_MODULES = (
    "django.contrib.staticfiles.views",  # static files during development
    "django.views.static",  # uploaded media during development
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

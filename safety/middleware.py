import zoneinfo

from django.conf import settings
from django.utils import timezone

SESSION_KEY = "time_zone"


def remember_in_session(request, zone):
    """Times on every page follow `zone` from the next request on (kept in the login session: no query)."""
    if zone:
        request.session[SESSION_KEY] = zone
    else:
        request.session.pop(SESSION_KEY, None)


class ParentTimeZoneMiddleware:
    """Shows every time in the signed-in parent's own time zone. The zone travels in the login session,
    so an anonymous visit (no session cookie) reads nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = None
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            zone = request.session.get(SESSION_KEY)
        try:
            if zone:
                timezone.activate(zoneinfo.ZoneInfo(zone))
            else:
                timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return self.get_response(request)

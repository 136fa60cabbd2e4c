from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import parse_header_parameters


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header (Django 5.2 has none built in)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


def _refuse(status, message):
    return HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")


class RequestGuardMiddleware:
    """Refuses, with a 4xx and a plain sentence, requests no form of ours could have sent, before anything
    reads their body:

    - a body over MAX_REQUEST_BYTES (413): Django would otherwise write an uploaded file of any size to a
      temporary file first, whatever the view;
    - a form declared in a character set other than UTF-8 (415): Django refuses them itself, but its debug
      page (`make run`) then reads the body again and fails with a 500;
    - a NUL character in the address or in a form field (400): PostgreSQL cannot store or even compare
      text containing it, so a search or filter with one would fail deep inside a query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refuse(400, "The request's Content-Length is not a number.")
        if length > settings.MAX_REQUEST_BYTES:
            return _refuse(413, f"This is too much to send: at most {settings.MAX_REQUEST_BYTES // (1024 * 1024)} MB.")
        if request.method == "POST" and _declared_charset(request.META.get("CONTENT_TYPE", "")) not in (None, "utf-8"):
            return _refuse(415, "Send forms as UTF-8, please.")
        if "\x00" in request.path or _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            return _refuse(400, "The request contains a NUL character, which no form here takes.")
        return self.get_response(request)


def _declared_charset(content_type):
    """The `charset=` of a Content-Type header, lower-cased, parsed as Django parses it; None without one."""
    _type, parameters = parse_header_parameters(content_type)
    return parameters["charset"].lower() if "charset" in parameters else None


def _has_nul(querydict):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in querydict.lists())


class NoStoreWhenSignedInMiddleware:
    """Every page a signed-in person gets may hold a baby's health or the family's records: no browser or
    proxy cache may keep it (a shared family computer, the back button after logging out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Only a request with a session cookie can be signed in; asking anyone else would load a session
        # for nothing (and add Vary: Cookie to public pages).
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


class PreferredLanguageMiddleware:
    """Sends a visitor who reads Russian or Spanish from an English (unprefixed) page to the same page in their
    language: the language chosen with the switcher (its cookie) first, else the browser's. Only for pages
    that have a language (not admin, /healthz or the service worker), only for a plain GET (a form or an htmx
    swap keeps its address), and never for a link that asks for English with `?lang=en`: a printed English
    sheet's QR code carries it, so the sheet opens in the language it was printed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wanted = self._wanted(request)
        if wanted:
            target = translate_url(request.get_full_path(), wanted)
            if target != request.get_full_path():
                response = HttpResponseRedirect(target)
                patch_vary_headers(response, ("Accept-Language", "Cookie"))
                return response
        response = self.get_response(request)
        if self._unprefixed_page(request):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    @staticmethod
    def _unprefixed_page(request):
        return request.method in ("GET", "HEAD") and translation.get_language_from_path(request.path_info) is None

    def _wanted(self, request):
        if not self._unprefixed_page(request) or "HTTP_HX_REQUEST" in request.META or request.GET.get("lang") == "en":
            return None
        wanted = translation.get_language_from_request(request, check_path=False)
        return wanted if wanted != settings.LANGUAGE_CODE else None

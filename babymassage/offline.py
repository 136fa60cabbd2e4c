"""Installable and offline: the web app manifest, the service worker and the offline page.

The service worker is a template served from the site's root (its scope is the whole site). Its version
comes from the static files' manifest, so a release with any changed file installs a new worker, whose
caches replace the old ones.
"""

import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from safety.gate import screening_exempt

OFFLINE = "Installing and working offline: shows nothing about anyone and starts no massage."

# The files every page needs, kept by the service worker when it installs (the rest is kept as it is used).
PRECACHED_STATIC = [
    "css/fonts.css", "css/site.css", "css/diagrams.css", "css/print.css", "js/theme.js", "js/offline.js",
    "js/player.js", "js/print.js", "vendor/htmx-2.0.11.min.js", "icons/favicon.svg",
    "fonts/noto-sans-latin-400-normal.woff2", "fonts/noto-sans-latin-700-normal.woff2",
]
WORKBOX = [f"vendor/workbox-7.4.1/workbox-{name}.prod.js" for name in ("core", "routing", "strategies", "precaching")]


def release():
    """A short stamp that changes whenever a static file or the worker's own settings change."""
    if settings.SERVICE_WORKER_VERSION:
        return settings.SERVICE_WORKER_VERSION
    names = [staticfiles_storage.url(name) for name in [*PRECACHED_STATIC, *WORKBOX]]
    return hashlib.sha256("|".join(names).encode()).hexdigest()[:12]


@require_safe
@screening_exempt(OFFLINE)
def manifest(request):
    return JsonResponse({
        "name": _("Baby massage"),
        "short_name": _("Baby massage"),
        "description": _("Step-by-step baby massage for parents, with a safety check before every session."),
        "start_url": reverse("safety:baby_list"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#fbf8f4",
        "theme_color": "#8a4b2f",
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": static("icons/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }, content_type="application/manifest+json")


def offline_urls():
    """The offline page's address in each language, by its URL prefix ("" for English, which has none)."""
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls["" if code == settings.LANGUAGE_CODE else code] = reverse("offline")
    return urls


@require_safe
@cache_control(no_cache=True)  # the browser asks for a new worker on every visit
@screening_exempt(OFFLINE)
def service_worker(request):
    # Written into the script as JSON literals.
    context = {
        "version": json.dumps(release()),
        "workbox": ", ".join(json.dumps(static(name)) for name in WORKBOX),
        "precache": json.dumps([static(name) for name in PRECACHED_STATIC]),
        "offline_urls": json.dumps(offline_urls()),
    }
    return render(request, "sw.js", context, content_type="text/javascript")


@require_safe
@screening_exempt(OFFLINE)
def offline_page(request):
    return render(request, "offline.html")

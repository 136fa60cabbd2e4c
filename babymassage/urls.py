from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from babymassage import offline
from babymassage.views import healthz

admin.site.site_header = "Baby massage — content"
admin.site.site_title = "Baby massage admin"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("admin/", admin.site.urls),
]
# Every page a parent, caregiver or clinic reads, in each language: English at /…, the others at /ru/…, /es/….
urlpatterns += i18n_patterns(
    path("offline/", offline.offline_page, name="offline"),
    path("", include("safety.urls")),
    path("", include("routines.urls")),
    path("", include("guide.urls")),
    path("", include("family.urls")),
    path("", include("clinics.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    # Editors' images (already resized and stripped of metadata). A bigger install serves MEDIA_ROOT
    # from the web server in front instead and leaves SERVE_MEDIA off.
    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve,
                            {"document_root": settings.MEDIA_ROOT})]

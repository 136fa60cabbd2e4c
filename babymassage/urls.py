from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from babymassage.views import healthz

admin.site.site_header = "Baby massage — content"
admin.site.site_title = "Baby massage admin"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("safety.urls")),
    path("", include("routines.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Baby massage — content"
admin.site.site_title = "Baby massage admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("routines.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

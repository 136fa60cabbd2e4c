from django.urls import path

from family import views

app_name = "family"

urlpatterns = [
    path("accounts/data.zip", views.download, name="download"),
    path("accounts/delete/", views.delete_account, name="delete_account"),
    path("babies/<int:baby_id>/erase/", views.baby_erase, name="baby_erase"),
    path("privacy/", views.privacy, name="privacy"),
]

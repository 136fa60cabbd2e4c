from django.urls import path

from clinics import views

app_name = "clinics"

urlpatterns = [
    # The parent's side: sharing one baby with a clinic.
    path("babies/<int:baby_id>/clinic/", views.baby_share, name="baby_share"),
    path("babies/<int:baby_id>/clinic/code/", views.share_code_new, name="share_code_new"),
    path("babies/<int:baby_id>/clinic/<int:share_id>/end/", views.share_end, name="share_end"),
    # The clinic desk, for clinic staff.
    path("clinic/", views.desk, name="desk"),
    path("clinic/code/", views.code, name="code"),
    path("clinic/shared/<int:share_id>/", views.shared_baby, name="shared_baby"),
]

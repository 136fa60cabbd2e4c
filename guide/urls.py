from django.urls import path

from guide import views

app_name = "guide"

# The paths are the ones the session pages had before they moved here, so bookmarks keep working.
urlpatterns = [
    path("babies/<int:baby_id>/", views.baby_detail, name="baby_detail"),
    # The guided session: every view here is gated (@requires_screening).
    path("session/<int:baby_id>/start/", views.session_start, name="session_start"),
    path("session/<int:baby_id>/<int:session_id>/checklist/", views.session_checklist, name="session_checklist"),
    path("session/<int:baby_id>/<int:session_id>/", views.session_player, name="session_player"),
    path("session/<int:baby_id>/<int:session_id>/cards/", views.session_cards, name="session_cards"),
    path("session/<int:baby_id>/<int:session_id>/advance/", views.session_advance, name="session_advance"),
    path("session/<int:baby_id>/<int:session_id>/fussing/", views.session_fuss, name="session_fuss"),
    path("session/<int:baby_id>/<int:session_id>/end-gently/", views.session_end_gently, name="session_end_gently"),
    path("session/<int:baby_id>/<int:session_id>/finish/", views.session_finish, name="session_finish"),
    # The family's own records: open without today's check (they start no massage).
    path("journal/<int:baby_id>/", views.journal, name="journal"),
    path("journal/<int:baby_id>/sessions.csv", views.journal_csv, name="journal_csv"),
]

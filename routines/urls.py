from django.urls import path

from routines import views

app_name = "routines"

urlpatterns = [
    path("", views.home, name="home"),
    path("routines/", views.routine_list, name="routine_list"),
    path("routines/<slug:slug>/", views.routine_detail, name="routine_detail"),
    path("routines/<slug:slug>/print/", views.routine_print, name="routine_print"),
    path("courses/", views.course_list, name="course_list"),
    path("courses/<slug:slug>/", views.course_detail, name="course_detail"),
    path("courses/<slug:slug>/print/", views.course_print, name="course_print"),
    path("games/", views.game_list, name="game_list"),
    path("games/<slug:slug>/", views.game_detail, name="game_detail"),
    path("before-you-start/", views.before_you_start, name="before_you_start"),
    # The guided session and the journal: every view here is gated (@requires_screening).
    path("session/<int:baby_id>/start/", views.session_start, name="session_start"),
    path("session/<int:baby_id>/<int:session_id>/checklist/", views.session_checklist, name="session_checklist"),
    path("session/<int:baby_id>/<int:session_id>/", views.session_player, name="session_player"),
    path("session/<int:baby_id>/<int:session_id>/advance/", views.session_advance, name="session_advance"),
    path("session/<int:baby_id>/<int:session_id>/fussing/", views.session_fuss, name="session_fuss"),
    path("session/<int:baby_id>/<int:session_id>/end-gently/", views.session_end_gently, name="session_end_gently"),
    path("session/<int:baby_id>/<int:session_id>/finish/", views.session_finish, name="session_finish"),
    path("journal/<int:baby_id>/", views.journal, name="journal"),
    path("journal/<int:baby_id>/sessions.csv", views.journal_csv, name="journal_csv"),
]

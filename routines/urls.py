from django.urls import path

from routines import views

app_name = "routines"

urlpatterns = [
    path("", views.home, name="home"),
    path("routines/", views.routine_list, name="routine_list"),
    path("routines/<slug:slug>/", views.routine_detail, name="routine_detail"),
    path("routines/<slug:slug>/print/", views.routine_print, name="routine_print"),
    path("routines/<slug:slug>/preview/", views.routine_preview, name="routine_preview"),
    path("routines/<slug:slug>/preview/print/", views.routine_preview_print, name="routine_preview_print"),
    path("courses/", views.course_list, name="course_list"),
    path("courses/<slug:slug>/", views.course_detail, name="course_detail"),
    path("courses/<slug:slug>/print/", views.course_print, name="course_print"),
    path("courses/<slug:slug>/summary/", views.course_summary_print, name="course_summary_print"),
    path("print/routines/", views.routines_print, name="routines_print"),
    path("courses/<slug:slug>/preview/", views.course_preview, name="course_preview"),
    path("courses/<slug:slug>/preview/print/", views.course_preview_print, name="course_preview_print"),
    path("games/", views.game_list, name="game_list"),
    path("games/<slug:slug>/", views.game_detail, name="game_detail"),
    path("before-you-start/", views.before_you_start, name="before_you_start"),
    path("sources/", views.sources, name="sources"),
]

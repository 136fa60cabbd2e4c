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
    path("courses/<slug:slug>/summary/", views.course_summary_print, name="course_summary_print"),
    path("print/routines/", views.routines_print, name="routines_print"),
    path("games/", views.game_list, name="game_list"),
    path("games/<slug:slug>/", views.game_detail, name="game_detail"),
    path("before-you-start/", views.before_you_start, name="before_you_start"),
    path("sources/", views.sources, name="sources"),
]

"""Every view must say whether it needs a screening; one that does not is refused and reported."""

import pytest
from django.core.checks import run_checks
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from babymassage.urls import urlpatterns as project_patterns


def undeclared_view(request):
    return HttpResponse("a page that forgot the safety rules")


urlpatterns = [*project_patterns, path("forgot/", undeclared_view)]


@override_settings(ROOT_URLCONF=__name__)
def test_a_view_without_a_declaration_is_refused_at_run_time(client, db):
    response = client.get("/forgot/")
    assert response.status_code == 403
    assert b"forgot the safety rules" not in response.content


@override_settings(ROOT_URLCONF=__name__)
def test_manage_py_check_reports_the_undeclared_view():
    errors = [e for e in run_checks() if e.id == "safety.E001"]
    assert len(errors) == 1
    assert "forgot/" in errors[0].msg


def test_the_project_itself_passes_the_check():
    assert [e for e in run_checks() if e.id == "safety.E001"] == []


@pytest.mark.django_db
def test_declared_views_still_answer(client):
    assert client.get("/").status_code == 200

"""What a production install relies on: security headers, the deploy check, the health check."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError, connection

from tests.factories import make_parent

ROOT = Path(__file__).resolve().parent.parent


def test_every_page_carries_the_security_headers(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_deploy_check_is_clean_with_the_required_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the browser tests' setting
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="massage.example",
               DJANGO_SETTINGS_MODULE="babymassage.settings")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_a_secret_key_production_refuses_to_start():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DEBUG="0", DJANGO_SETTINGS_MODULE="babymassage.settings")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "Set SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.django_db
def test_admin_is_for_staff_only(client):
    assert client.get("/admin/routines/routine/")["Location"].startswith("/admin/login/")
    client.force_login(make_parent())
    assert client.get("/admin/routines/routine/")["Location"].startswith("/admin/login/")

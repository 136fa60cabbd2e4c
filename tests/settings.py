"""Test settings: the real settings, with what tests need instead of production's choices."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")

from babymassage.settings import *  # noqa: E402,F403

# live_server serves /static/ from the finders, so hashed manifest names would 404 there.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="babymassage-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="babymassage-test-static-")
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The test client and the live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405 - live_server threads must not keep connections open
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as `make run` has, rather than SQLite's shared in-memory database: tests that send requests
    # from several threads at once then lock and wait the way the real database does.
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(tempfile.mkdtemp(prefix="babymassage-test-db-"), "db.sqlite3")}  # noqa: F405

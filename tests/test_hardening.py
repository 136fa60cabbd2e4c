"""What an attacker or an operator tried, and what must hold from now on (issue 18): SQLite with many parents
at once, login throttling that cannot be raced or used against a parent, no 500 from any input, uploads
refused before they reach the disk, clinic logos cleaned like every other image, an honest health check,
HEAD wherever GET works, no-store on personal pages, and HSTS extras only on request.

The threaded tests run on the suite's database: a SQLite file like `make run`'s, and PostgreSQL in CI's
second run.
"""

import os
import random
import secrets
import subprocess
import sys
import threading
import time
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections, connection
from django.test import Client, override_settings
from django.urls import path, reverse
from django.utils import timezone
from PIL import Image

from routines.models import Clinic
from safety.gate import screening_exempt
from safety.models import DailyCheck
from tests.factories import GOOD_DAY, make_parent, make_routine, ready_baby
from tests.walk import endpoints

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long enough secret 1"


@pytest.fixture
def committed_db(transactional_db, django_db_serialized_rollback):
    """A database whose writes are committed, so that threads (each with its own connection) see them. Afterwards
    the tables are emptied and then given back what the migrations put there (the questionnaire, the content types),
    as the other transactional tests (tests/clinics/test_races.py, tests/guide/test_query_budget.py) do: emptied
    alone, Django writes new content types at once, and the next test that gives the old ones back collides."""


def run_threads(count, work):
    """`work(i)` in `count` threads at once; every exception a thread meets is returned, none is lost."""
    errors, lock = [], threading.Lock()
    start = threading.Barrier(count)

    def run(i):
        try:
            start.wait(timeout=30)
            work(i)
        except Exception as error:  # noqa: BLE001 - collected and asserted on by the test
            with lock:
                errors.append(f"thread {i}: {error!r}")
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish in 2 minutes"
    return errors


# --- SQLite that copes ------------------------------------------------------------------------------------

def test_sqlite_runs_in_wal_mode_with_immediate_transactions_and_a_busy_timeout(tmp_path):
    """The settings `make run` gets (DATABASE_URL unset means SQLite; here a file of our own)."""
    script = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])\n"
        "print(connection.transaction_mode, connection.settings_dict['OPTIONS']['timeout'])\n"
        "print(connection.settings_dict['CONN_HEALTH_CHECKS'])\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "babymassage.settings", "DEBUG": "1",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == ["wal", "IMMEDIATE 30", "True"]


def test_twenty_parents_at_once_get_no_errors(committed_db):
    """Twenty parents log in and, for a few seconds, each opens the baby's page, answers today's check and
    edits the baby, all at the same time: every request answers as it should, every write is kept."""
    babies = [ready_baby() for _ in range(20)]
    posted = [0] * len(babies)
    seconds = 6

    def parent(i):
        baby, client = babies[i], Client()
        page = f"/babies/{baby.pk}/"
        response = client.post("/accounts/login/", {"username": baby.parent.username, "password": PASSWORD})
        assert response.status_code == 302, ("login", response.status_code)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for method, url, data, status in [
                ("get", page, None, 200),
                ("post", f"{page}today/", {**GOOD_DAY, "minutes_since_feed": 60}, 302),
                ("post", f"{page}edit/", {"name": f"Baby {i}", "birth_date": baby.birth_date.isoformat(),
                                          "weeks_at_birth": 40}, 302),
                ("get", f"{page}today/", None, 200),
            ]:
                response = getattr(client, method)(url, data)
                assert response.status_code == status, (method, url, response.status_code)
            posted[i] += 1

    errors = run_threads(len(babies), parent)
    assert errors == []
    assert all(posted), "every parent got through at least once"
    for baby, count in zip(babies, posted, strict=True):
        assert DailyCheck.objects.filter(baby=baby).count() == 1 + count  # ready_baby's own, and each one sent


# --- login throttling (django-axes, safety/throttle.py) -------------------------------------------------------

def log_in(client, email, password, address="10.0.0.1", url="/accounts/login/", **headers):
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=address, **headers)


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_from_that_address_only(client):
    make_parent("mum@example.com")
    for _ in range(4):
        assert log_in(client, "mum@example.com", "wrong").status_code == 200
    locked = log_in(client, "mum@example.com", "wrong")
    assert locked.status_code == 429
    assert log_in(client, "mum@example.com", PASSWORD).status_code == 429  # even the right password, for now
    assert not signed_in(client)
    # Whoever tried cannot lock the parent out: from her own address she logs in.
    elsewhere = Client()
    assert log_in(elsewhere, "mum@example.com", PASSWORD, address="192.0.2.7").status_code == 302
    assert signed_in(elsewhere)


@pytest.mark.django_db
def test_the_lock_ends_after_15_minutes(client):
    make_parent("mum@example.com")
    for _ in range(5):
        log_in(client, "mum@example.com", "wrong")
    assert log_in(client, "mum@example.com", PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=15, seconds=1)):
        assert log_in(client, "mum@example.com", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_right_password_forgives_that_accounts_wrong_tries(client):
    make_parent("mum@example.com")
    for _ in range(4):
        log_in(client, "mum@example.com", "wrong")
    assert log_in(client, "mum@example.com", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        assert log_in(client, "mum@example.com", "wrong").status_code == 200


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_stopped(client, settings):
    """Two tries at each of many accounts never reaches an account's limit; the address's limit stops it."""
    emails = [make_parent().username for _ in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT // 2)]
    for email in emails:
        for _ in range(2):
            assert log_in(client, email, "wrong").status_code in (200, 429)
    assert AccessAttempt.objects.count() == len(emails)
    new = make_parent("dad@example.com")
    assert log_in(client, new.username, PASSWORD).status_code == 429
    assert not signed_in(client)
    # The address's own limit, not one account's: every account but the last got only 2 tries.
    other = Client()
    assert log_in(other, new.username, PASSWORD, address="192.0.2.7").status_code == 302


@pytest.mark.django_db
def test_one_own_account_does_not_reset_the_address_limit(client, settings):
    own = make_parent("me@example.com")
    victims = [make_parent().username for _ in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT // 2)]
    for email in victims:
        for _ in range(2):
            log_in(client, email, "wrong")
        log_in(Client(), own.username, PASSWORD)  # a success on one's own account between the tries
    assert log_in(client, victims[0], PASSWORD).status_code == 429


@pytest.mark.django_db
def test_the_admin_login_is_throttled_too(client):
    get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)
    for _ in range(4):
        response = log_in(client, "editor", "wrong", url="/admin/login/")
        assert response.status_code == 200
    assert log_in(client, "editor", "wrong", url="/admin/login/").status_code == 429
    assert log_in(client, "editor", PASSWORD, url="/admin/login/").status_code == 429
    assert not signed_in(client)


@pytest.mark.django_db
def test_a_locked_out_parent_sees_a_clear_page_in_the_sites_look(client):
    make_parent("mum@example.com")
    for _ in range(5):
        response = log_in(client, "mum@example.com", "wrong")
    page = response.content.decode()
    assert response.status_code == 429
    assert "<h1>Too many tries</h1>" in page and "Wait 15 minutes, then try again." in page
    assert 'class="site-header"' in page and 'href="/accounts/password-reset/"' in page
    assert "Account locked" not in page  # axes's own wording


def test_the_limit_holds_with_four_workers_racing(committed_db, monkeypatch):
    """Four workers send wrong passwords for one account at the same moment, again and again. Checking a
    password is slow on purpose (slower here still), so without care all four pass the count before any
    failure is added. However they race, at most 5 passwords are ever checked."""
    make_parent("mum@example.com")
    checked, lock = [], threading.Lock()
    check_password = AbstractBaseUser.check_password

    def slow_check(user, raw_password):
        with lock:
            checked.append(raw_password)
        time.sleep(0.05)
        return check_password(user, raw_password)

    monkeypatch.setattr(AbstractBaseUser, "check_password", slow_check)
    statuses = []

    def worker(i):
        client = Client()
        for n in range(5):
            statuses.append(log_in(client, "mum@example.com", f"guess {i}-{n}").status_code)

    assert run_threads(4, worker) == []
    assert len(checked) == 5
    assert set(statuses) == {200, 429} and len(statuses) == 20
    assert log_in(Client(), "mum@example.com", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, settings):
    """HAProxy appends the address it saw to X-Forwarded-For; with TRUSTED_PROXY_COUNT=1 that entry is the
    client, whatever the client wrote to the left of it. Every request comes from the proxy's address."""
    settings.TRUSTED_PROXY_COUNT = 1
    make_parent("mum@example.com")
    proxy = "127.0.0.1"
    for _ in range(5):
        log_in(client, "mum@example.com", "wrong", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.5")
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == "203.0.113.5" and attempt.failures_since_start == 5
    parent = Client()
    response = log_in(parent, "mum@example.com", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.44")
    assert response.status_code == 302 and signed_in(parent)


@pytest.mark.parametrize("count,forwarded,expected", [
    (0, "203.0.113.5", "127.0.0.1"),  # no proxy of ours: the header is the client's own words
    (1, "203.0.113.5", "203.0.113.5"),
    (1, "1.1.1.1, 203.0.113.5", "203.0.113.5"),  # the left part is whatever the client sent
    (2, "1.1.1.1, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
    (1, "not an address", "127.0.0.1"),
    (1, "", "127.0.0.1"),
    (2, "203.0.113.5", "127.0.0.1"),  # fewer entries than proxies: not through our proxies
])
def test_the_client_address(rf, settings, count, forwarded, expected):
    from safety.throttle import client_ip

    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


# --- no 500 from input ------------------------------------------------------------------------------------------

@pytest.fixture
def editor(client):
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/routines/{slug}/print/?clinic=%00", "/courses/{course}/print/?clinic=a%00b",
                                 "/routines/?x=%00", "/healthz?%00=1"])
def test_a_nul_in_the_address_is_a_400_with_a_message(client, families, url):
    from routines.models import Course

    routine = make_routine()
    Clinic.objects.create(name="Sunny", slug="a")
    course = Course.objects.get()
    response = client.get(url.format(slug=routine.slug, course=course.slug))
    assert response.status_code == 400
    assert b"NUL character" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?q=%00", "?body_area=%00", "?age=%00", "?published__exact=%00", "?o=%00"])
def test_a_nul_in_an_admin_search_or_filter_is_a_400(editor, query):
    make_routine()
    response = editor.get("/admin/routines/routine/" + query)
    assert response.status_code == 400 and b"NUL character" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/", "/accounts/signup/"])
def test_a_nul_in_a_login_or_sign_up_is_a_400_and_counts_no_try(client, url):
    make_parent("mum@example.com")
    response = client.post(url, {"username": "mum@example.com\x00", "email": "a\x00@example.com",
                                 "password": "x", "password1": "x", "password2": "x"})
    assert response.status_code == 400 and b"NUL character" in response.content
    assert not AccessAttempt.objects.exists() and get_user_model().objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("length", [151, 200, 254])
def test_an_email_too_long_for_the_user_name_is_refused_at_sign_up(client, length):
    email = "a" * (length - len("@example.com")) + "@example.com"
    response = client.post("/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 200
    assert "This email address is too long: at most 150 characters, please." in response.content.decode()
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_an_email_too_long_at_login_is_a_form_error_and_counts_no_try(client):
    email = "a" * 300 + "@example.com"
    response = client.post("/accounts/login/", {"username": email, "password": PASSWORD})
    assert response.status_code == 200 and "This email address is too long" in response.content.decode()
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("content_type", [
    "application/x-www-form-urlencoded; charset=latin-1", "multipart/form-data; boundary=xyz; charset=latin-1",
    "application/x-www-form-urlencoded; charset=no-such-charset", "text/plain; charset=ISO-8859-1",
])
def test_a_form_in_another_character_set_is_a_415_everywhere(families, settings, debug, content_type):
    """No login needed to reach it before; with DEBUG (make run) Django's own refusal became a 500."""
    settings.DEBUG = debug
    ours, _theirs = families
    client = Client(raise_request_exception=False)
    for name, url in [*endpoints(ours), ("admin", "/admin/login/"), ("nowhere", "/no/such/page/")]:
        response = client.generic("POST", url, b"username=caf%E9&password=x", content_type=content_type)
        assert response.status_code == 415, (name, response.status_code)
        assert b"Send forms as UTF-8" in response.content


@pytest.mark.django_db
def test_a_utf8_form_still_works(client):
    make_parent("mum@example.com")
    response = client.post("/accounts/login/", b"username=mum%40example.com&password=a+long+enough+secret+1",
                           content_type="application/x-www-form-urlencoded; charset=UTF-8")
    assert response.status_code == 302


# --- uploads ------------------------------------------------------------------------------------------------------

@pytest.fixture
def temp_uploads(settings, tmp_path):
    """Where Django would write an uploaded file it does not keep in memory."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


@pytest.mark.django_db
def test_a_huge_upload_is_refused_before_it_is_read(client, temp_uploads):
    """A client declares 500 MB: refused at once, nothing read, nothing written."""
    response = client.post("/accounts/login/", b"username=a", content_type="application/x-www-form-urlencoded",
                           CONTENT_LENGTH=str(500 * 1024 * 1024))
    assert response.status_code == 413 and b"too much to send: at most 10 MB" in response.content
    assert list(temp_uploads.iterdir()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/", "/admin/login/"])
def test_a_file_over_the_limit_is_refused_with_413_and_leaves_no_temporary_file(client, temp_uploads, url):
    big = SimpleUploadedFile("big.bin", b"\0" * (10 * 1024 * 1024 + 1))
    response = client.post(url, {"username": "a@example.com", "password": "x", "file": big})
    assert response.status_code == 413
    assert list(temp_uploads.iterdir()) == []


@pytest.mark.django_db
def test_a_file_under_the_limit_sent_to_a_form_that_takes_none_is_never_written_to_disk(client, temp_uploads):
    response = client.post("/accounts/login/", {"username": "a@example.com", "password": "x",
                                                "file": SimpleUploadedFile("f.bin", b"x" * (3 * 1024 * 1024))})
    assert response.status_code == 200
    assert list(temp_uploads.iterdir()) == []


def jpeg_with_secrets(width=1600, height=1200, orientation=6):
    """A logo as a phone or an old editor leaves it: a JPEG comment with a home address, GPS in EXIF, turned."""
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 22.0, 1.5), 3: "E", 4: (4.0, 53.0, 2.5)})
    exif[0x0112] = orientation
    buffer = BytesIO()
    Image.new("RGB", (width, height), (20, 120, 200)).save(
        buffer, "JPEG", exif=exif.tobytes(), comment=b"12 Elm Street, Springfield GPS 52.3676,4.9041")
    return buffer.getvalue()


def gif_with_comment():
    buffer = BytesIO()
    Image.new("P", (300, 100), 3).save(buffer, "GIF", comment=b"Home: 12 Elm Street; GPS 52.3676,4.9041")
    return buffer.getvalue()


def stored_files(media):
    return sorted(str(p.relative_to(media)) for p in Path(media).rglob("*") if p.is_file())


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def add_clinic(editor, logo):
    return editor.post(reverse("admin:routines_clinic_add"), {"name": "Sunny Clinic", "slug": "sunny", "logo": logo})


@pytest.mark.django_db
@pytest.mark.parametrize("name,data", [("Home photo of Mrs Smith.jpg", jpeg_with_secrets()),
                                       ("old-logo.gif", gif_with_comment())])
def test_a_clinic_logo_is_cleaned_like_every_other_image(editor, media, name, data):
    assert add_clinic(editor, SimpleUploadedFile(name, data, content_type="image/jpeg")).status_code == 302
    logo = Clinic.objects.get().logo
    assert logo.name.startswith("clinics/") and logo.name.endswith(".jpg.webp")
    assert "Mrs Smith" not in logo.name and name not in logo.name
    fallback = Path(logo.path.removesuffix(".webp"))
    assert stored_files(media) == sorted(str(p.relative_to(media)) for p in (Path(logo.path), fallback))
    for stored_path in (Path(logo.path), fallback):
        raw = stored_path.read_bytes()
        assert b"Elm Street" not in raw and b"GPS" not in raw and b"52.3676" not in raw
        with Image.open(stored_path) as stored:
            assert not stored.getexif() and "comment" not in stored.info
            if name.endswith(".jpg"):
                assert stored.size == (600, 800)  # turned upright (1200 x 1600), then at most 600 px wide


@pytest.mark.django_db
@pytest.mark.parametrize("data", [jpeg_with_secrets()[:3000], jpeg_with_secrets()[:-200],
                                  b"\xff\xd8\xff\xe0" + random.Random(1).randbytes(4000),
                                  b"GIF89a" + random.Random(2).randbytes(100)],
                         ids=["cut-short", "end-missing", "jpeg-header-then-noise", "gif-header-then-noise"])
def test_a_truncated_or_corrupt_clinic_logo_is_a_form_error(editor, media, data):
    response = add_clinic(editor, SimpleUploadedFile("logo.jpg", data, content_type="image/jpeg"))
    assert response.status_code == 200
    assert "This file is not an image we can use." in response.content.decode()
    assert not Clinic.objects.exists() and stored_files(media) == []


# --- the health check -------------------------------------------------------------------------------------------

HEALTH_SCRIPT = """
import os, django
django.setup()
from django.core.management import call_command
from django.db import connections
from django.test import Client
call_command("migrate", verbosity=0)
client = Client()
print(client.get("/healthz").status_code)
connections.close_all()
os.remove(os.environ["DB_FILE"])  # an operator's mistake, or a volume that did not mount
print(client.get("/healthz").status_code)
"""


def test_healthz_fails_when_the_sqlite_file_is_gone(tmp_path):
    db = tmp_path / "db.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": f"sqlite:///{db}",
           "DB_FILE": str(db)}
    result = subprocess.run([sys.executable, "-c", HEALTH_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split("\n")[:2] == ["200", "503"]


@pytest.mark.django_db
def test_healthz_answers_head_and_is_never_cached(client):
    assert client.head("/healthz").status_code == 200
    assert "no-store" in client.get("/healthz")["Cache-Control"]


def test_a_connection_that_died_between_requests_fails_no_page(committed_db, client, monkeypatch):
    """A database restart with connections kept between requests (here: the connection closed under Django's
    feet): the health check before reuse notices, and the request connects again."""
    if connection.vendor == "sqlite":
        # SQLite's check always says yes (a file has no server to restart); ask the connection itself.
        def is_usable():
            try:
                connection.connection.execute("SELECT 1")
            except Exception:  # noqa: BLE001 - any failure means unusable
                return False
            return True

        monkeypatch.setattr(connection, "is_usable", is_usable)
    saved = dict(connection.settings_dict)
    connection.settings_dict["CONN_MAX_AGE"] = 60  # the suite closes connections after each request
    try:
        connection.close()
        assert client.get("/healthz").status_code == 200
        assert connection.connection is not None  # kept for the next request
        connection.connection.close()  # what a restart does to it
        close_old_connections()  # what a server does as each request starts (the test client leaves it out)
        assert client.get("/healthz").status_code == 200
    finally:
        connection.close()
        connection.settings_dict.update(saved)


# --- HEAD, caching, HSTS, the 500 page -----------------------------------------------------------------------

@pytest.mark.django_db
def test_head_works_wherever_get_does(families):
    ours, _theirs = families
    client = Client()
    client.force_login(ours.parent)
    walked = 0
    for name, url in endpoints(ours):
        got = client.get(url)
        if got.status_code == 405:
            continue
        head = client.head(url)
        assert head.status_code == got.status_code, (name, head.status_code, got.status_code)
        assert head.content == b""
        walked += 1
    assert walked >= 20


@pytest.mark.django_db
def test_every_page_a_signed_in_parent_gets_is_never_stored(families):
    ours, _theirs = families
    client = Client()
    client.force_login(ours.parent)
    for name, url in endpoints(ours):
        for response in (client.get(url), client.get(url, HTTP_HX_REQUEST="true")):
            assert "no-store" in response.get("Cache-Control", ""), (name, response.status_code)
    logout = client.post("/accounts/logout/")
    assert "no-store" in logout["Cache-Control"]


@pytest.mark.django_db
def test_public_pages_stay_cacheable_for_visitors(client, content):
    assert "no-store" not in client.get("/routines/").get("Cache-Control", "")


def deploy_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_HSTS_PRELOAD",
                                                             "SECURE_HSTS_INCLUDE_SUBDOMAINS", "DATABASE_URL")}
    return {**env, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "massage.example",
            "DJANGO_SETTINGS_MODULE": "babymassage.settings", **extra}


HSTS_SCRIPT = """
import django; django.setup()
from django.test import Client
from django.core.management import call_command
call_command("check", "--deploy", "--fail-level", "WARNING")
print(Client().get("/healthz", secure=True, HTTP_HOST="massage.example").get("Strict-Transport-Security"))
"""


@pytest.mark.parametrize("extra,header", [
    ({}, "max-age=31536000"),
    ({"SECURE_HSTS_INCLUDE_SUBDOMAINS": "1"}, "max-age=31536000; includeSubDomains"),
    ({"SECURE_HSTS_INCLUDE_SUBDOMAINS": "1", "SECURE_HSTS_PRELOAD": "1"},
     "max-age=31536000; includeSubDomains; preload"),
])
def test_hsts_preload_and_subdomains_only_when_asked_for(tmp_path, extra, header):
    env = deploy_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **extra)
    result = subprocess.run([sys.executable, "-c", HSTS_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert result.stdout.strip().split("\n")[-1] == header


@screening_exempt("A test view that fails on purpose.")
def broken(request):
    raise RuntimeError("something broke")


urlpatterns = [path("broken/", broken)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_server_error_gets_a_styled_page_that_needs_no_database(django_assert_num_queries):
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/broken/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong on our side</h1>" in page
    assert '<link rel="stylesheet" href="/static/css/site.css">' in page and 'class="site-header"' in page
    assert "{%" not in page and "{{" not in page

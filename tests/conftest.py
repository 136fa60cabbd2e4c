import os

import pytest

# pytest-django's live_server with Playwright's sync API runs the ORM inside an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    """Only tests/browser/ may ask for Playwright's fixtures (`page`, `browser`, …), even by naming a parameter `page`.
    pytest-playwright parametrizes them per browser for the whole session, and pytest then moves a test that asks for
    one among the browser tests: those run after the database tests (pytest-django's order) and leave the database
    empty, so the moved test fails on a clean clone and passes in a run without the browser tests."""
    strays = [item.nodeid for item in items if not item.nodeid.startswith("tests/browser/")
              and ("browser_name" in getattr(item, "fixturenames", ())
                   or "browser_name" in getattr(getattr(item, "callspec", None), "params", {}))]
    if strays:
        raise pytest.UsageError("Playwright's fixtures are for tests/browser/ only; rename the argument in: "
                                + ", ".join(strays))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    from tests.browser.chromium import system_chromium

    path = os.environ.get("CHROMIUM_PATH") or system_chromium()
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if path:
        args["executable_path"] = path
    return args


@pytest.fixture(autouse=True)
def _english_first():
    """Each test starts in English: a request to /ru/ or /es/ leaves its language active on the thread (Django's
    LocaleMiddleware activates one per request and never deactivates it), and the next test's reverse() or
    gettext would read it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def content(db):
    """The whole content library, loaded the way `make run` loads it."""
    from routines.content import load_content

    return load_content()


@pytest.fixture
def families(db):
    """Two families, each with a baby past the gate and a session started."""
    from tests.walk import two_families

    return two_families()


class _Inbox:
    """What a real SMTP server received, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 (aiosmtpd) that the app's mail goes to; `.inbox.messages` holds what
    arrived and `.stop()` takes the server away, as when a mail provider is down."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    controller.inbox = inbox
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield controller
    if controller._thread is not None:  # still running: the test did not stop it
        controller.stop()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache and content library (routines/selectors.py). Both are keyed by record
    ids, and a test's rolled-back rows give their ids to the next test's different rows (a server never rolls back
    what it read)."""
    from django.core.cache import cache

    from routines.selectors import forget_library

    cache.clear()
    forget_library()
    yield
    cache.clear()
    forget_library()


@pytest.fixture(autouse=True)
def _shipped_questionnaires(request):
    """Transactional tests (live server, races, migrations) start from emptied tables: put the questionnaires
    back the way the data migrations ship them.

    Their serialized_rollback copy is not enough on its own: once a Playwright test has run, Django's
    connection no longer carries the serialized copy, and the tests after it would start without any
    questionnaire. The migrations' own functions are idempotent, so this is harmless when the copy is there."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        {"transactional_db", "live_server"} & set(request.fixturenames))
    if not transactional:
        yield
        return
    from importlib import import_module

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    request.getfixturevalue("transactional_db")
    # Emptied and refilled tables (a migration test above all) can give content types new ids while the old ones
    # stay cached; the content history (django-reversion) stores one with every version. Forget them, before
    # and after.
    ContentType.objects.clear_cache()
    import_module("safety.migrations.0002_questionnaire_v1").add_version_1(apps, None)
    import_module("safety.migrations.0004_questionnaire_v2").add_version_2(apps, None)
    import_module("safety.migrations.0010_languages").fill_english(apps, None)
    import_module("safety.migrations.0011_questionnaire_ru_es").fill(apps, None)
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def client_factory():
    """Another person's browser: each call gives a new test client with its own cookies."""
    from django.test import Client

    return Client

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


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    from tests.browser.chromium import system_chromium

    path = os.environ.get("CHROMIUM_PATH") or system_chromium()
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if path:
        args["executable_path"] = path
    return args


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


@pytest.fixture(autouse=True)
def _shipped_questionnaires(request):
    """Transactional tests (live server, races, migrations) start from emptied tables: put the questionnaire
    back the way the data migration ships it.

    Their serialized_rollback copy is not enough on its own: once a Playwright test has run, Django's
    connection no longer carries the serialized copy, and the tests after it would start without any
    questionnaire. The migration's own function is idempotent, so this is harmless when the copy is there.
    (The same fixture as on main, which also adds questionnaire version 2.)"""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        {"transactional_db", "live_server"} & set(request.fixturenames))
    if not transactional:
        return
    from importlib import import_module

    from django.apps import apps

    request.getfixturevalue("transactional_db")
    import_module("safety.migrations.0002_questionnaire_v1").add_version_1(apps, None)

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

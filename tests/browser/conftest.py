import json
import shutil
import subprocess
from importlib import import_module
from pathlib import Path

import pytest

AXE_DIR = Path(__file__).parent / "axe"


@pytest.fixture
def site(live_server, transactional_db):
    """A live server with the whole content library, as a parent would find it after `make run`."""
    from django.apps import apps

    from routines.content import load_content

    # Transactional tests empty every table afterwards, the questionnaire that a data migration
    # ships included; put it back the way the migration does.
    import_module("safety.migrations.0002_questionnaire_v1").add_version_1(apps, None)
    import_module("safety.migrations.0004_questionnaire_v2").add_version_2(apps, None)
    load_content()
    return live_server


@pytest.fixture(scope="session")
def axe_source():
    """axe-core's script, installed from npm on first use (tests/browser/axe/node_modules)."""
    script = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("axe-core is needed for the accessibility checks: install Node.js and npm.")
        subprocess.run([npm, "ci", "--silent", "--no-audit", "--no-fund"], cwd=AXE_DIR, check=True)
    return script.read_text()


@pytest.fixture
def axe(axe_source):
    """Run axe-core on the current page and return its violations (an empty list when all is well)."""

    def run(page):
        page.add_script_tag(content=axe_source)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"]
        ]

    run.describe = lambda violations: json.dumps(violations, indent=1)
    return run


@pytest.fixture
def browser_context_args(browser_context_args):
    # The axe fixture injects axe-core as an inline script, which the app's Content-Security-Policy
    # rightly blocks; the pages' own policy is checked in test_csp.py with a context that keeps it.
    return {**browser_context_args, "bypass_csp": True}


PASSWORD = "a long enough secret 1"  # what tests.factories.make_parent gives every parent


def log_in(page, site, user):
    """Log `user` in through the form, as a parent would, and wait for their babies' page."""
    from playwright.sync_api import expect

    page.goto(site.url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your babies")).to_be_visible()

"""Find a Chromium for the browser tests: CHROMIUM_PATH, the system's, or Playwright's own build.

`python -m tests.browser.chromium` prints the path (empty when Playwright's own build is used) or stops
with a message that says how to get one. The browser tests are never skipped for want of a browser.
"""

import os
import shutil
import subprocess
import sys

SYSTEM_NAMES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
HELP = (
    "No Chromium found for the browser tests. Install one and run again:\n"
    "  Debian/Ubuntu: sudo apt-get install chromium\n"
    "  anywhere else: .venv/bin/python -m playwright install chromium\n"
    "or point CHROMIUM_PATH at a Chromium or Chrome binary."
)


def system_chromium():
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for name in SYSTEM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def playwright_chromium():
    """Path of Playwright's bundled Chromium if it is installed (or can be installed now)."""
    from playwright.sync_api import sync_playwright

    def installed():
        with sync_playwright() as p:
            path = p.chromium.executable_path
        return path if os.path.exists(path) else None

    if installed():
        return installed()
    result = subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], capture_output=True)
    return installed() if result.returncode == 0 else None


def main(argv):
    quiet = "--quiet" in argv
    path = system_chromium() or playwright_chromium()
    if not path:
        print(HELP, file=sys.stderr)
        return 1
    print(path if quiet else f"Browser tests will use Chromium at {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

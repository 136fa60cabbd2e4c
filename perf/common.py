"""What `make load` and `make bench` share: a production-like environment, Django set up in this process,
and gunicorn started on loopback and stopped again.

Everything here talks to 127.0.0.1 only.
"""

import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def production_env(database_url):
    """The settings gunicorn runs with: DEBUG off, a random secret, plain HTTP on loopback."""
    return {
        "DJANGO_SETTINGS_MODULE": "babymassage.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
    }


def setup_django(env):
    """Configure Django in this process with `env` (the same settings gunicorn gets)."""
    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()


def prepare_database():
    """What a deploy runs: migrations, the content library and the static files (hashed and compressed)."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_content", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed with the process
    call_command("collectstatic", interactive=False, verbosity=0)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _get_status(url, timeout=2):
    assert url.startswith(f"http://{HOST}:"), url  # loopback only
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback http only
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


@contextmanager
def gunicorn(env, log_path, workers=2, start_timeout=30):
    """gunicorn with `workers` sync workers on a free loopback port; yields the base URL.

    Stopped (SIGTERM, then SIGKILL after 10 s) when the block ends, whatever happens in it.
    """
    port = free_port()
    base = f"http://{HOST}:{port}"
    command = [str(Path(sys.executable).with_name("gunicorn")), "babymassage.wsgi", "-w", str(workers),
               "-b", f"{HOST}:{port}"]
    log = open(log_path, "ab")  # noqa: SIM115 - closed below
    process = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, fixed arguments
        command, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + start_timeout
        while _get_status(f"{base}/healthz") != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start on {base}:\n{log_tail(log_path)}")
            time.sleep(0.2)
        yield base
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def log_tail(path, chars=3000):
    path = Path(path)
    return path.read_text(errors="replace")[-chars:] if path.exists() else ""


def percentile(values, fraction):
    """The nearest-rank percentile of `values` (fraction 0..1); 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered), math.ceil(fraction * len(ordered))) - 1)]

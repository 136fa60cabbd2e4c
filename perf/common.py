"""What `make load` and `make bench` share: a production-like environment, Django set up in this process,
and gunicorn started on loopback and stopped again.

Everything here talks to 127.0.0.1 only.
"""

import math
import os
import secrets
import shutil
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


class Gunicorn:
    """One gunicorn with `workers` sync workers on a loopback port (a free one unless given), in its own
    process group so that it can be killed the way a crash kills a machine's server: all of it at once."""

    def __init__(self, env, log_path, workers=2, port=None):
        self.env, self.log_path, self.workers = env, Path(log_path), workers
        self.port = port or free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.process = None

    def start(self, timeout=30):
        """Start it and wait until /healthz answers 200."""
        command = [str(Path(sys.executable).with_name("gunicorn")), "babymassage.wsgi", "-w", str(self.workers),
                   "-b", f"{HOST}:{self.port}"]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, fixed arguments
                command, cwd=ROOT, env={**os.environ, **self.env}, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while _get_status(f"{self.base}/healthz") != 200:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"gunicorn did not start on {self.base}:\n{log_tail(self.log_path)}")
            time.sleep(0.2)
        return self

    def kill(self):
        """kill -9 the master and its workers together, as a crash would: nothing is finished or cleaned up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        """SIGTERM (gunicorn finishes the requests it has), then SIGKILL after 10 s."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@contextmanager
def gunicorn(env, log_path, workers=2, start_timeout=30):
    """gunicorn with `workers` sync workers on a free loopback port; yields the base URL.

    Stopped (SIGTERM, then SIGKILL after 10 s) when the block ends, whatever happens in it.
    """
    server = Gunicorn(env, log_path, workers=workers)
    try:
        yield server.start(timeout=start_timeout).base
    finally:
        server.stop()


@contextmanager
def haproxy(servers, log_path, health_host=HOST, start_timeout=30):
    """HAProxy with deploy/haproxy.cfg on a free loopback port, in front of `servers` (host:port each); yields
    its base URL once /healthz answers through it. Stopped by its PID when the block ends."""
    executable = shutil.which("haproxy") or "/usr/sbin/haproxy"
    port = free_port()
    env = {**os.environ, "LB_BIND": f"{HOST}:{port}", "HEALTH_CHECK_HOST": health_host,
           **{f"APP{n}": server for n, server in enumerate(servers, start=1)}}
    with open(log_path, "ab") as log:
        process = subprocess.Popen(  # noqa: S603 - Debian's haproxy, our own config
            [executable, "-f", str(ROOT / "deploy" / "haproxy.cfg"), "-db"], cwd=ROOT, env=env, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while _get_status(f"{base}/healthz") != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"HAProxy did not start on {base}:\n{log_tail(log_path)}")
            time.sleep(0.2)
        yield base
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def log_tail(path, chars=3000):
    path = Path(path)
    return path.read_text(errors="replace")[-chars:] if path.exists() else ""


def percentile(values, fraction):
    """The nearest-rank percentile of `values` (fraction 0..1); 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered), math.ceil(fraction * len(ordered))) - 1)]

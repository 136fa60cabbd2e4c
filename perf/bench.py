"""`make bench`: one table of page figures, each marked against the budgets in ../shared/DESIGN.md.

Everything runs in a temporary folder with its own SQLite database, on 127.0.0.1 only, with the production
settings (DEBUG off, a random SECRET_KEY, WhiteNoise's hashed and compressed static files; plain HTTP):

1. migrate, load_content, collectstatic; a parent with a 4-month-old baby who passed the screening and
   today's check, 12 finished sessions in the journal, and one started session of the recommended course;
2. in-process, with Django's test Client (no network): for each page type the median server time of
   BENCH_REQUESTS (30) requests after 3 warm-ups, the SQL queries of one request (CaptureQueriesContext),
   the HTML bytes, and what a browser downloads on a first visit: the HTML gzipped (gzip -9) plus every
   stylesheet and script the page links, at the size WhiteNoise sends it (its .gz file from collectstatic).
   Browse pages and print sheets are measured as a visitor (a first visit) and also counted logged in;
3. gunicorn (2 workers) on the same SQLite database, then on the throwaway PostgreSQL, and wrk for
   BENCH_WRK_SECONDS (10) each, one after the other in the same run: the htmx step swap ("Done — next", a write
   each, across BENCH_WRK_SESSIONS started sessions), /healthz and the session step page. The swap's requests/s
   divided by /healthz's is the figure;
4. Lighthouse 12 (mobile, default simulated throttling) in Chromium for home, a routine, the session player
   (logged in, in a Chromium that holds the cookie) and a print sheet;
5. `make load` (perf/load.py, 50 parents) on the throwaway PostgreSQL: the step swap's p95.

The report is printed and written to perf/latest.md. Budgets missed are listed with what causes them.
The exit status is 0 unless the measuring itself failed (BENCH_STRICT=1: also 1 when a budget is missed).
"""

import datetime
import gzip
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from perf.common import HOST, ROOT, gunicorn, log_tail, prepare_database, production_env, setup_django  # noqa: E402

PERF = Path(__file__).resolve().parent
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
WARMUP = 3
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "10"))
WRK_CONNECTIONS = 8
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
LIGHTHOUSE = PERF / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_TIMEOUT = 90
LIGHTHOUSE_ATTEMPTS = 3
REPORTS = PERF / "lighthouse"

# ../shared/DESIGN.md, "Quality budgets"
KB = 1024
MAX_QUERIES = 8
MAX_SWAP_QUERIES = 4
MAX_SWAP_HTML = 4 * KB
MAX_FIRST_VISIT = 40 * KB
MIN_THROUGHPUT_RATIO = 0.3  # the htmx step swap, of /healthz in the same wrk run
MAX_SWAP_P95_MS = 100  # make load: 50 parents
LOAD_SECONDS = os.environ.get("BENCH_LOAD_SECONDS", "60")
LOAD_THINK_SECONDS = 1.0  # perf/load.py: the parents' pause before each request (why 1 s: its docstring)
WRK_SESSIONS = int(os.environ.get("BENCH_WRK_SESSIONS", "1000"))  # sessions wrk steps through, ~16 steps each
MIN_LIGHTHOUSE = {"performance": 0.98, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}

STYLESHEET = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>", re.I)
SCRIPT = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", re.I)
HREF = re.compile(r"\bhref=\"([^\"]+)\"")


@dataclass
class Page:
    name: str
    path: str
    logged_in: bool
    htmx_swap: bool = False
    server_ms: float = 0.0
    queries: int = 0
    queries_logged_in: int | None = None
    html_bytes: int = 0
    html_gz: int = 0
    assets: list = field(default_factory=list)  # (url, bytes sent compressed)
    swap_count: int = 0  # htmx swap: the step cards measured (every step of the session)
    swap_median: float = 0
    swap_sizes: list = field(default_factory=list)
    swap_largest: str = ""
    swap_parts: dict = field(default_factory=dict)

    @property
    def first_visit(self):
        return self.html_gz + sum(size for _url, size in self.assets)


# --- data ---------------------------------------------------------------------------------------------------

def build_data():
    """A parent whose baby is ready, 12 finished sessions, and a started session with its list ticked."""
    from guide import services
    from routines import selectors
    from routines.models import Routine
    from safety import services as safety_services
    from tests.factories import make_parent, ready_baby

    parent = make_parent(email="bench@example.com")
    baby = ready_baby(parent=parent, name="Mia", age_days=120)
    gate = safety_services.gate_status(baby)
    plan = selectors.session_plan(age_days=baby.corrected_age_days(), excluded_areas=gate.excluded_areas)
    for _ in range(12):
        done = services.start_session(gate=gate, course=plan.course)
        done.set_checklist("ticked")
        for step_id in list(done.step_ids):
            done.record_step(step_id, done=True)
        done.finish(mood="content")
    session = services.start_session(gate=gate, course=plan.course)
    session.set_checklist("ticked")
    # The routine with the most steps: the biggest routine page and print sheet.
    routine = max(Routine.objects.published().prefetch_related("steps"), key=lambda r: (len(r.steps.all()), r.pk))
    return parent, baby, session, routine, plan.course


def reset(session):
    from guide.models import MassageSession

    MassageSession.objects.filter(pk=session.pk).update(position=0, done_ids=[], skipped_ids=[], finished_at=None)


# --- in-process measures ------------------------------------------------------------------------------------

def asset_urls(html):
    urls = [HREF.search(tag).group(1) for tag in STYLESHEET.findall(html) if HREF.search(tag)]
    return urls + SCRIPT.findall(html)


def sent_size(url):
    """Bytes WhiteNoise sends for a /static/ URL to a browser that accepts gzip."""
    from django.conf import settings

    prefix = "/" + settings.STATIC_URL.lstrip("/")
    if not url.startswith(prefix):
        raise RuntimeError(f"{url} is not a static file: the bench counts only what this site serves")
    path = Path(settings.STATIC_ROOT) / url[len(prefix):].split("?")[0]
    raw = path.read_bytes()
    packed = path.with_name(path.name + ".gz")
    return min(len(raw), packed.stat().st_size) if packed.exists() else len(raw)


def service_worker_size(client):
    """What installing the service worker downloads once, compressed: its script, the Workbox modules it
    imports, and the files it keeps at install (the offline page and the shell). Not part of a page's first
    visit: the browser fetches it after the page has loaded."""
    import re

    script = client.get("/sw.js").content
    imported = re.findall(r'"(/static/[^"]+)"', re.search(rb"importScripts\((.*?)\);", script).group(1).decode())
    precached = re.findall(r'"(/static/[^"]+)"', re.search(rb"concat\((.*?)\)", script).group(1).decode())
    offline_page = gzip_size(client.get("/offline/").content)
    return {"script": gzip_size(script), "workbox": sum(sent_size(url) for url in imported),
            "kept": offline_page + sum(sent_size(url) for url in precached)}


def measure(page, client, anonymous, session):
    """Median server time, queries, HTML bytes and the first-visit bytes of one page type."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def one(count=False):
        if page.htmx_swap:
            reset(session)  # back to the first step, outside the timing and the query count
        with CaptureQueriesContext(connection) if count else nullcontext([]) as queries:
            started = time.perf_counter()
            if page.htmx_swap:
                response = advance(client, page.path, session.step_ids[0])
            else:
                response = (client if page.logged_in else anonymous).get(page.path)
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{page.path}: status {response.status_code}")
        return elapsed, data_statements(queries), response

    for _ in range(WARMUP):
        one()
    page.server_ms = statistics.median(one()[0] for _ in range(REQUESTS)) * 1000
    _, page.queries, response = one(count=True)
    html = response.content
    if page.htmx_swap:
        walk_session(page, client, session)
    else:
        if not page.logged_in:
            with CaptureQueriesContext(connection) as queries:
                response_in = client.get(page.path)
            assert response_in.status_code == 200, page.path
            page.queries_logged_in = data_statements(queries)
        page.html_bytes = len(html)
        page.html_gz = gzip_size(html)
        page.assets = [(url, sent_size(url)) for url in asset_urls(html.decode())]


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def data_statements(queries):
    """The statements that read or write data: a change's own BEGIN and COMMIT carry none and are not counted
    (the query-budget tests in tests/guide/test_query_budget.py count the same way)."""
    return sum(1 for query in queries if not query["sql"].upper().startswith(TRANSACTION_CONTROL))


def gzip_size(data):
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def advance(client, path, step_id):
    return client.post(path, {"step": step_id, "action": "done"}, headers={"HX-Request": "true"})


def walk_session(page, client, session):
    """Every swap of the session, first step to last: the most queries, and the biggest step card."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from routines.models import Step

    reset(session)
    titles = dict(Step.objects.filter(pk__in=session.step_ids).values_list("pk", "title"))
    sizes = []
    for step_id in session.step_ids:
        with CaptureQueriesContext(connection) as queries:
            response = advance(client, page.path, step_id)
        assert response.status_code == 200, (page.path, response.status_code)
        # Data statements, as tests/guide/test_query_budget.py counts them (this once counted BEGIN and COMMIT
        # too, and so reported 9 where the test saw 7).
        page.queries = max(page.queries, data_statements(queries))
        if not response.get("HX-Redirect"):  # the last step sends the browser to the finish page instead
            sizes.append((len(response.content), step_id, response.content))
    reset(session)
    size, step_id, html = max(sizes, key=lambda item: item[0])
    page.html_bytes, page.html_gz, page.swap_count = size, gzip_size(html), len(sizes)
    page.swap_sizes = [item[0] for item in sizes]
    page.swap_median = statistics.median(page.swap_sizes)
    page.swap_largest = f"the card after step {session.step_ids.index(step_id) + 1}, " \
                        f"showing \u201c{titles.get(next_step(session, step_id), '?')}\u201d"
    page.swap_parts = swap_parts(html.decode())


def next_step(session, step_id):
    index = session.step_ids.index(step_id) + 1
    return session.step_ids[index] if index < len(session.step_ids) else None


def swap_parts(html):
    """Where the bytes of a step card go, for the report when the card is over budget."""
    figure = re.search(r"<figure.*?</figure>", html, re.S)
    fussing = re.search(r"<details class=\"fussing\".*?</details>", html, re.S)
    extra_space = sum(len(run) - 1 for run in re.findall(r"\s{2,}", html))
    tokens = len(re.findall(r'name="csrfmiddlewaretoken"', html))
    return {
        "diagram (inline SVG + caption)": len(figure.group(0).encode()) if figure else 0,
        "\"Baby is fussing\" cue form": len(fussing.group(0).encode()) if fussing else 0,
        "indentation and blank lines": extra_space,
        f"CSRF token inputs ({tokens})": tokens * len('<input type="hidden" name="csrfmiddlewaretoken" value="">') +
        tokens * 64,
    }


class Split:
    """Exclusive time per category: the innermost open category gets the time spent."""

    def __init__(self):
        self.totals, self.stack, self.mark = {}, [], 0.0

    @contextmanager
    def inside(self, category):
        now = time.perf_counter()
        if self.stack:
            self.totals[self.stack[-1]] = self.totals.get(self.stack[-1], 0.0) + now - self.mark
        self.stack.append(category)
        self.mark = now
        try:
            yield
        finally:
            now = time.perf_counter()
            top = self.stack.pop()
            self.totals[top] = self.totals.get(top, 0.0) + now - self.mark
            self.mark = now


def time_split(send, before=lambda: None):
    """Where a request's server time goes, in ms per request: the database, compiling the SQL and reading the
    rows (Django's ORM), rendering templates, and the rest (middleware, sessions, building querysets, view code);
    and the tables of its queries. `send()` makes the request; `before()` runs before each, outside the
    measure (for the swap: the session back to its first step). Measured by wrapping those three Django entry
    points, so the split itself costs a little time."""
    from unittest import mock

    from django.db import connection
    from django.db.models.sql.compiler import SQLCompiler
    from django.template.backends.django import Template
    from django.test.utils import CaptureQueriesContext

    split = Split()

    def wrap(category, method):
        def wrapper(*args, **kwargs):
            if not split.stack:
                return method(*args, **kwargs)
            with split.inside(category):
                return method(*args, **kwargs)

        return wrapper

    def database(execute, sql, params, many, context):
        if not split.stack:
            return execute(sql, params, many, context)
        with split.inside("database"):
            return execute(sql, params, many, context)

    for _ in range(WARMUP):
        before()
        send()
    with mock.patch.object(SQLCompiler, "execute_sql", wrap("ORM", SQLCompiler.execute_sql)), \
            mock.patch.object(Template, "render", wrap("templates", Template.render)), \
            connection.execute_wrapper(database):
        for _ in range(REQUESTS):
            before()
            with split.inside("rest"):
                response = send()
            assert response.status_code == 200, response
    before()
    with CaptureQueriesContext(connection) as queries:
        send()
    tables = [main_table(query["sql"]) for query in queries
              if not query["sql"].upper().startswith(TRANSACTION_CONTROL)]
    return {key: value * 1000 / REQUESTS for key, value in split.totals.items()}, tables


def main_table(sql):
    """The table a statement reads or updates, named for the report: its FROM or UPDATE outside any subquery."""
    outer, inner = sql, None
    while inner != outer:
        inner, outer = outer, re.sub(r"\([^()]*\)", "", outer)
    match = re.search(r'\b(FROM|UPDATE)\s+"?(\w+)"?', outer)
    if not match:
        return "?"
    return match.group(2) + (" (update)" if match.group(1) == "UPDATE" else "")


# --- throughput ---------------------------------------------------------------------------------------------

def wrk(url, headers=(), script=None):
    """Requests/s of `url` under wrk, and what the script printed (the swap's script counts the requests that
    found their session already finished: they change nothing)."""
    assert url.startswith(f"http://{HOST}:"), url  # loopback only
    command = ["wrk", "-t2", f"-c{WRK_CONNECTIONS}", f"-d{WRK_SECONDS}s", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, timeout=WRK_SECONDS + 60,  # noqa: S603
                         check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    if bad or errors:
        raise RuntimeError(f"wrk {url}: not every answer was a success:\n{out}")
    return rate, out


# wrk's Lua: each thread posts "Done — next" for its share of the sessions, step by step across all of them
# (the first step of every session, then the second, ...), so a session's next step is sent only after its
# previous one has been answered. A session run to its end is finished; a request after that changes nothing
# and is counted as stale (there are enough sessions for far more requests than a run sends).
SWAP_SCRIPT = """
local data = {sessions}
local threads, counter = {{}}, 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  mine, s, j, stale = {{}}, 1, 1, 0
  for i, session in ipairs(data) do
    if (i - 1) % {threads} == id then table.insert(mine, session) end
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["HX-Request"] = "true"
  wrk.headers["X-CSRFToken"] = "{csrf}"
  wrk.headers["Cookie"] = "{cookie}"
end
function request()
  local session = mine[s]
  local step = session.steps[j]
  if step == nil then step, stale = session.steps[1], stale + 1 end
  s = s + 1
  if s > #mine then s, j = 1, j + 1 end
  return wrk.format(nil, session.path, nil, "action=done&step=" .. step)
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("stale") end
  io.write("STALE " .. total .. "\\n")
end
"""


def wrk_targets(sessions):
    """For wrk: a parent with a ready baby and `sessions` started sessions of the recommended course, its list
    ticked (copies of one, in one INSERT); the login and CSRF cookies and the paths. Runs with Django set up on
    the database wrk's gunicorn uses (bench.py --wrk-targets, in its own process for PostgreSQL)."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from guide import services
    from guide.models import MassageSession
    from routines import selectors
    from safety import services as safety_services
    from tests.factories import make_parent, ready_baby

    parent = make_parent(email="wrk@example.com")
    baby = ready_baby(parent=parent, name="Wren", age_days=120)
    gate = safety_services.gate_status(baby)
    plan = selectors.session_plan(age_days=baby.corrected_age_days(), excluded_areas=gate.excluded_areas)
    first = services.start_session(gate=gate, course=plan.course)
    first.set_checklist("ticked")
    copies = []
    for _ in range(sessions - 1):
        copy = MassageSession.objects.get(pk=first.pk)
        copy.pk = None
        copies.append(copy)
    started = [first, *MassageSession.objects.bulk_create(copies)]
    client = Client(HTTP_HOST=HOST)
    client.force_login(parent)
    player = reverse("guide:session_player", args=[baby.pk, first.pk])
    assert client.get(player).status_code == 200  # sets the CSRF cookie
    cookie = "; ".join(f"{name}={client.cookies[name].value}"
                       for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME))
    return {
        "cookie": cookie, "csrf": client.cookies[settings.CSRF_COOKIE_NAME].value, "player": player,
        "sessions": [{"path": reverse("guide:session_advance", args=[baby.pk, session.pk]),
                      "steps": session.step_ids} for session in started],
    }


def lua_table(sessions):
    rows = ",".join("{path=" + json.dumps(session["path"]) + ",steps={" + ",".join(map(str, session["steps"])) + "}}"
                    for session in sessions)
    return "{" + rows + "}"


def throughput(env, tmp, label, prepare=False):
    """wrk, one run after the other against gunicorn (2 workers) on the database in `env`: the htmx step swap
    ("Done — next", POST, a write each), /healthz and the session step page (GET). `prepare`: migrate and load
    the content first (a fresh database)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--wrk-targets"] + (["--prepare"] if prepare else [])
    out = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True, check=True,  # noqa: S603
                         timeout=600).stdout
    targets = json.loads(out.strip().splitlines()[-1])
    script = Path(tmp) / f"swap-{label}.lua"
    script.write_text(SWAP_SCRIPT.format(sessions=lua_table(targets["sessions"]), threads=2,
                                         csrf=targets["csrf"], cookie=targets["cookie"]))
    log_path = Path(tmp) / f"gunicorn-{label}.log"
    try:
        with gunicorn(env, log_path) as base:
            status, final = get(base + targets["player"], targets["cookie"])
            if status != 200 or final != base + targets["player"]:
                raise RuntimeError(f"{targets['player']} answered {status} at {final}, not 200 in place")
            print(f"Throughput ({label}): wrk {WRK_SECONDS} s on the htmx step swap, /healthz and the session step "
                  "page ...", flush=True)
            swap, swap_out = wrk(base + targets["sessions"][0]["path"], script=script)
            healthz, _ = wrk(base + "/healthz")
            page, _ = wrk(base + targets["player"], [f"Cookie: {targets['cookie']}"])
    except Exception:
        print(f"gunicorn log (tail):\n{log_tail(log_path)}", file=sys.stderr)
        raise
    stale = int(re.search(r"STALE (\d+)", swap_out).group(1))
    return {"label": label, "swap": swap, "healthz": healthz, "page": page, "stale": stale,
            "swaps": round(swap * WRK_SECONDS)}


def wrk_targets_main(prepare):
    """bench.py --wrk-targets: set up Django from the environment, print the targets as JSON (last line)."""
    setup_django({})
    if prepare:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_content", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed with the process
    print(json.dumps(wrk_targets(WRK_SESSIONS)))


def postgres_database(url, name):
    """A second database on the throwaway PostgreSQL cluster at `url` (bin/with-postgres), for wrk: `make load`
    uses the first one. Returns its URL."""
    import psycopg

    assert f"@{HOST}:" in url, url  # the throwaway cluster on loopback only
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def get(url, cookie=""):
    import urllib.request

    assert url.startswith(f"http://{HOST}:"), url  # loopback only
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback http only
        return response.status, response.geturl()


# --- make load ----------------------------------------------------------------------------------------------

def load(database_url, think):
    """`make load` (perf/load.py, 50 parents) for LOAD_SECONDS on the throwaway PostgreSQL, the parents pausing
    `think` seconds before each request (0: not at all, a stress test): its report, the htmx step swap's p50 and
    p95 in ms, the requests/s and whether it passed."""
    pace = f"pausing {think:g} s" if think else "without a pause"
    print(f"Load: perf/load.py, 50 parents {pace} for {LOAD_SECONDS} s on PostgreSQL ...", flush=True)
    result = subprocess.run([sys.executable, str(PERF / "load.py")], capture_output=True, text=True,  # noqa: S603
                            env={**os.environ, "DATABASE_URL": database_url, "LOAD_SECONDS": LOAD_SECONDS,
                                 "LOAD_THINK_SECONDS": str(think), "SERVERS": "1"},
                            timeout=int(float(LOAD_SECONDS)) + 600)
    text = result.stdout[result.stdout.find("Load: "):].strip()
    swaps = re.search(r"htmx step swaps\s+(\d+)\s+p50\s+(\d+)\s+p95\s+(\d+)", text)
    rate = re.search(r"requests/s\s+([\d.]+)", text)
    if not swaps or not rate:
        raise RuntimeError(f"perf/load.py gave no step swap figures:\n{result.stdout[-3000:]}{result.stderr[-2000:]}")
    return {"text": text, "swaps": int(swaps.group(1)), "p50": int(swaps.group(2)), "p95": int(swaps.group(3)),
            "rate": float(rate.group(1)), "think": think, "passed": result.returncode == 0}


# --- Lighthouse ---------------------------------------------------------------------------------------------

@contextmanager
def logged_in_chrome(base, cookies, tmp):
    """Chromium with a remote-debugging port, its cookie jar holding `cookies` ({name: value}) for `base`, the way
    a browser that logged in holds them; yields the port for Lighthouse's --port. Every request of the page then
    carries them, the service worker's too (Lighthouse's --extra-headers reached only the page's own requests,
    and the worker's fetch of the step cards was refused with a 403). Stopped by its process group at the end."""
    from playwright.sync_api import sync_playwright

    from perf.common import free_port

    port = free_port()
    command = [CHROME_PATH, *CHROME_FLAGS.split(), f"--remote-debugging-port={port}",
               f"--remote-debugging-address={HOST}", f"--user-data-dir={Path(tmp) / 'chrome-profile'}", "about:blank"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,  # noqa: S603
                               start_new_session=True)
    try:
        with sync_playwright() as playwright:
            for _ in range(100):
                try:
                    browser = playwright.chromium.connect_over_cdp(f"http://{HOST}:{port}")
                    break
                except Exception:  # not listening yet
                    time.sleep(0.2)
            else:
                raise RuntimeError(f"Chromium did not open its debugging port {port}")
            browser.contexts[0].add_cookies([{"name": name, "value": value, "url": base}
                                             for name, value in cookies.items()])
        yield port
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def lighthouse(url, name, port=None):
    """Lighthouse's four scores for `url`, and for each category under budget its audits that did not pass.
    `port`: audit in the Chromium already running there (logged_in_chrome), else in one Lighthouse starts.

    The full report is kept in perf/lighthouse/<name>.json (git-ignored) for a closer look."""
    assert url.startswith(f"http://{HOST}:"), url  # loopback only
    REPORTS.mkdir(exist_ok=True)
    out = REPORTS / f"{name}.json"
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
               "--only-categories=performance,accessibility,best-practices,seo"]
    command.append(f"--port={port}" if port else f"--chrome-flags={CHROME_FLAGS}")
    for attempt in range(1, LIGHTHOUSE_ATTEMPTS + 1):
        try:
            run_bounded(command, env={**os.environ, "CHROME_PATH": CHROME_PATH}, timeout=LIGHTHOUSE_TIMEOUT)
            result = json.loads(out.read_text())
            if result.get("runtimeError"):
                raise RuntimeError(f"Lighthouse {url}: {result['runtimeError']}")
            break
        except RuntimeError as error:
            # Lighthouse sometimes loses the trace of a page load on a busy machine ("NO_NAVSTART") and asks to be
            # run again: a failure of the measuring, not a score. Anything else fails the same way every time.
            if attempt == LIGHTHOUSE_ATTEMPTS or "run Lighthouse again" not in str(error):
                raise
            print(f"  Lighthouse lost the trace of {url}; running it again", flush=True)
    scores, failing = {}, {}
    for key, category in result["categories"].items():
        scores[key] = category["score"]
        if category["score"] is not None and category["score"] < MIN_LIGHTHOUSE[key]:
            audits = [result["audits"][ref["id"]] for ref in category["auditRefs"]]
            failing[key] = [audit_summary(audit) for audit in audits
                            if audit.get("score") is not None and audit["score"] < 1]
    return scores, failing


def run_bounded(command, env, timeout):
    """Run `command` in its own process group; after `timeout` seconds kill that group (Lighthouse and the
    Chromium it started), and only it."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,  # noqa: S603
                               start_new_session=True)
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise RuntimeError(f"{command[0]} took more than {timeout} s and was stopped") from None
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:2])} failed ({process.returncode}):\n{out.decode()[-2000:]}")


def audit_summary(audit):
    """`id` (score, value): the first items of its details, e.g. the CSS rules with too small a font."""
    value = f", {audit['displayValue']}" if audit.get("displayValue") else ""
    text = f"{audit['id']} (score {audit['score']:g}{value})"
    items = (audit.get("details") or {}).get("items") or []
    shown = []
    for item in items[:4]:
        fields = []
        for key in ("selector", "url", "fontSize", "coverage", "totalBytes", "wastedBytes", "wastedMs"):
            value = item.get(key)
            if isinstance(value, dict):  # a source location or a node
                value = value.get("url") or value.get("snippet") or value.get("selector")
            if value not in (None, ""):
                fields.append(f"{key} {value}")
        node = item.get("node") or {}
        if node.get("snippet") and not item.get("selector"):
            fields.append(f"node {node['snippet'][:80]}")
        if fields:
            shown.append(", ".join(str(field) for field in fields))
    return text + (": " + " | ".join(shown) if shown else "")


# --- report -------------------------------------------------------------------------------------------------

def mark(ok, budget):
    return f"✓ {budget}" if ok else f"✗ {budget}"


def kb(size):
    return f"{size / KB:.1f} KB"


def report(pages, throughput, lighthouse_rows, context):
    lines, misses = [], []
    lines.append(f"Measured {context['when']} on {context['machine']}; commit {context['commit']}. "
                 f"Production settings (DEBUG off), SQLite in-process. Server time: median of {REQUESTS} requests "
                 "in-process; "
                 "SQL queries: statements that read or write data (a change's BEGIN and COMMIT not counted); "
                 "first visit: HTML gzipped + every linked stylesheet and script as WhiteNoise sends it (gzip). "
                 "1 KB = 1024 bytes.")
    lines.append("")
    lines.append("| page | server time (median) | SQL queries | HTML | first visit (compressed) |")
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for page in pages:
        worst = max(page.queries, page.queries_logged_in or 0)
        budget = MAX_SWAP_QUERIES if page.htmx_swap else MAX_QUERIES
        queries = f"{page.queries}" + (f" ({page.queries_logged_in} logged in)" if page.queries_logged_in else "")
        queries += f" {mark(worst <= budget, f'≤ {budget}')}"
        if page.htmx_swap:
            queries += " (most of any step)"
        if worst > budget:
            misses.append(f"SQL queries, {page.name}: {worst} > {budget} (by {worst - budget})")
        html = f"{page.html_bytes:,} B"
        if page.htmx_swap:
            html = (f"largest {html} {mark(page.html_bytes <= MAX_SWAP_HTML, '≤ 4 KB')} "
                    f"(median {page.swap_median:,.0f} B of {page.swap_count} cards)")
            if page.html_bytes > MAX_SWAP_HTML:
                over = sum(size > MAX_SWAP_HTML for size in page.swap_sizes)
                parts = ", ".join(f"{name} {size:,} B" for name, size in page.swap_parts.items())
                misses.append(f"htmx step swap HTML: {over} of {page.swap_count} step cards are over 4 KB; "
                              f"the largest, {page.swap_largest}, is {page.html_bytes:,} B > 4,096 B (by "
                              f"{page.html_bytes - MAX_SWAP_HTML:,} B). In it: {parts}")
            visit = f"{kb(page.html_gz)} gz (a fragment)"
        else:
            visit = f"{kb(page.first_visit)} {mark(page.first_visit <= MAX_FIRST_VISIT, '≤ 40 KB')}"
            if page.first_visit > MAX_FIRST_VISIT:
                parts = ", ".join(f"{url.rsplit('/', 1)[-1]} {kb(size)}"
                                  for url, size in sorted(page.assets, key=lambda a: -a[1]))
                misses.append(f"First visit, {page.name}: {kb(page.first_visit)} > 40 KB (by "
                              f"{kb(page.first_visit - MAX_FIRST_VISIT)}); HTML {kb(page.html_gz)} gz, {parts}")
        lines.append(f"| {page.name} | {page.server_ms:.1f} ms | {queries} | {html} | {visit} |")
    lines.append("")
    sw = context["sw"]
    lines.append(f"**Service worker**, downloaded once when it installs (compressed): its script {kb(sw['script'])}, "
                 f"Workbox {kb(sw['workbox'])}, the offline page and shell it keeps {kb(sw['kept'])}; "
                 f"{kb(sw['script'] + sw['workbox'] + sw['kept'])} in all, after the page has loaded.")
    lines.append("")
    for run in throughput["runs"]:
        ratio = run["swap"] / run["healthz"]
        ok = ratio >= MIN_THROUGHPUT_RATIO
        stale = (f"; {run['stale']:,} of its requests came after their session had ended and changed nothing"
                 if run["stale"] else "; every one a real step done, a write")
        lines.append(f"**Throughput, {run['label']}** (gunicorn, 2 workers; wrk {WRK_SECONDS} s each, "
                     f"{WRK_CONNECTIONS} connections, one after the other in the same run): htmx step swap "
                     f"(“Done — next”, POST) {run['swap']:,.0f} req/s ÷ /healthz (one query, no "
                     f"template, no session) {run['healthz']:,.0f} req/s = **{ratio:.0%}** "
                     f"{mark(ok, '≥ 30 %')}{stale}. "
                     f"For scale: the session step page (GET) {run['page']:,.0f} req/s = "
                     f"{run['page'] / run['healthz']:.0%} of /healthz.")
        lines.append("")
        if not ok:
            misses.append(f"Throughput, {run['label']}: the htmx step swap is {ratio:.0%} of /healthz, budget ≥ 30 % "
                          f"(it would need {MIN_THROUGHPUT_RATIO * run['healthz']:,.0f} req/s, it does "
                          f"{run['swap']:,.0f})")
    for name, (split, tables) in throughput["splits"]:
        where = (f"database {split.get('database', 0):.1f} ms ({len(tables)} queries: {', '.join(tables)}), "
                 f"Django's ORM compiling SQL and reading rows {split.get('ORM', 0):.1f} ms, templates "
                 f"{split.get('templates', 0):.1f} ms, the rest (middleware, sessions, building querysets, view "
                 f"code) {split.get('rest', 0):.1f} ms")
        lines.append(f"Where the {name}'s server time goes (in-process, SQLite, per request): {where}.")
        lines.append("")
    run, stress = throughput.get("load"), throughput.get("stress")
    if run:
        ok = run["p95"] <= MAX_SWAP_P95_MS
        lines.append(f"**Load** (`make load`: 50 parents, each pausing {run['think']:g} s (± half) before a request, "
                     f"{LOAD_SECONDS} s, gunicorn 2 workers on PostgreSQL): htmx step swap p95 **{run['p95']} ms** "
                     f"{mark(ok, f'≤ {MAX_SWAP_P95_MS} ms')} (p50 {run['p50']} ms, {run['swaps']:,} swaps); the run "
                     f"{'passed' if run['passed'] else 'FAILED'} (errors, lost or doubled steps).")
        lines += ["", "```", run["text"], "```", ""]
        if not ok:
            misses.append(f"Load: htmx step swap p95 {run['p95']} ms > {MAX_SWAP_P95_MS} ms")
        if not run["passed"]:
            misses.append("Load: perf/load.py failed (see its report above)")
    else:
        lines.append("**Load**: not run (no PostgreSQL: run `make bench`, which starts a throwaway one).")
        lines.append("")
    if stress:
        lines.append(f"**Stress** (the same 50 parents without a pause: each sends its next request the moment the "
                     f"last is answered, so requests queue and latency is parents ÷ throughput; no budget): "
                     f"{stress['rate']:.0f} requests/s, htmx step swap p50 {stress['p50']} ms, p95 {stress['p95']} ms "
                     f"({stress['swaps']:,} swaps); the run {'passed' if stress['passed'] else 'FAILED'}.")
        lines += ["", "```", stress["text"], "```", ""]
        if not stress["passed"]:
            misses.append("Stress: perf/load.py failed (see its report above)")
    lines.append("**Lighthouse 12.2.3** (mobile, simulated throttling, Chromium headless)")
    lines.append("")
    lines.append("| page | performance | accessibility | best practices | SEO |")
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for name, scores, failing in lighthouse_rows:
        cells = []
        for key, budget in MIN_LIGHTHOUSE.items():
            score = scores.get(key)
            text = "–" if score is None else f"{score:.2f}"
            cells.append(f"{text} {mark(score is not None and score >= budget, f'≥ {budget:g}')}")
            if score is not None and score < budget:
                audits = "; ".join(failing[key]) or "none listed"
                misses.append(f"Lighthouse {key}, {name}: {score:.2f} < {budget:g} (by {budget - score:.2f}); "
                              f"audits that did not pass: {audits}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")
    if misses:
        lines.append("**Budgets missed**")
        lines.append("")
        lines.extend(f"- {miss}" for miss in misses)
    else:
        lines.append("**Every budget is met.**")
    return "\n".join(lines), misses


def context_line():
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,  # noqa: S607
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True,  # noqa: S607
                               text=True, check=True).stdout.strip()
        commit += " + uncommitted changes" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {
        "when": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
        "commit": commit,
    }


def main():
    if "--wrk-targets" in sys.argv:
        wrk_targets_main(prepare="--prepare" in sys.argv)
        return
    for tool, hint in (("wrk", "apt-get install wrk"), (str(LIGHTHOUSE), "make bench (npm ci in perf/)"),
                       (CHROME_PATH, "apt-get install chromium, or set CHROME_PATH")):
        if not shutil.which(tool) and not Path(tool).exists():
            sys.exit(f"{tool} is missing: {hint}. `make bench` installs everything it needs.")
    # `make bench` runs this inside bin/with-postgres: its throwaway PostgreSQL serves the second wrk run and
    # `make load`. The in-process measures and Lighthouse use SQLite.
    postgres_url = os.environ.get("DATABASE_URL", "")
    if not postgres_url.startswith(("postgres://", "postgresql://")) or f"@{HOST}:" not in postgres_url:
        postgres_url = ""
    with tempfile.TemporaryDirectory(prefix="babymassage-bench-") as tmp:
        env = production_env(f"sqlite:///{tmp}/bench.sqlite3")
        setup_django(env)
        print("Setting up: migrate, load_content, collectstatic, a parent with a ready baby ...", flush=True)
        prepare_database()
        from django.conf import settings
        from django.test import Client
        from django.urls import reverse

        from routines.printing import in_language

        parent, baby, session, routine, course = build_data()
        client, anonymous = Client(HTTP_HOST=HOST), Client(HTTP_HOST=HOST)
        client.force_login(parent)
        player = reverse("guide:session_player", args=[baby.pk, session.pk])
        swap = reverse("guide:session_advance", args=[baby.pk, session.pk])
        pages = [
            Page("home", reverse("routines:home"), logged_in=False),
            Page(f"routine ({routine.slug}, {routine.steps.count()} steps)",
                 reverse("routines:routine_detail", args=[routine.slug]), logged_in=False),
            Page(f"course ({course.slug})", reverse("routines:course_detail", args=[course.slug]), logged_in=False),
            Page("session step", player, logged_in=True),
            Page("htmx step swap", swap, logged_in=True, htmx_swap=True),
            Page("journal (12 sessions)", reverse("guide:journal", args=[baby.pk]), logged_in=True),
            Page(f"print sheet ({routine.slug})", reverse("routines:routine_print", args=[routine.slug]),
                 logged_in=False),
            # The same budgets with a language prefix (README "Languages").
            Page("home, in Russian", in_language(reverse("routines:home"), "ru"), logged_in=False),
            Page("session step, in Russian", in_language(player, "ru"), logged_in=True),
            Page("htmx step swap, in Russian", in_language(swap, "ru"), logged_in=True, htmx_swap=True),
            Page(f"print sheet ({routine.slug}), in Spanish",
                 in_language(reverse("routines:routine_print", args=[routine.slug]), "es"), logged_in=False),
        ]
        print(f"In-process: {len(pages)} page types x {REQUESTS} requests ...", flush=True)
        for page in pages:
            measure(page, client, anonymous, session)
        reset(session)
        splits = [("session step page", time_split(lambda: client.get(player))),
                  ("htmx step swap", time_split(lambda: advance(client, swap, session.step_ids[0]),
                                                before=lambda: reset(session)))]
        reset(session)
        cookies = {name: client.cookies[name].value for name in (settings.SESSION_COOKIE_NAME,)}
        from django.db import connections

        connections.close_all()

        runs = [throughput(env, tmp, "SQLite")]
        if postgres_url:
            pg_env = production_env(postgres_database(postgres_url, "bench_wrk"))
            runs.append(throughput(pg_env, tmp, "PostgreSQL", prepare=True))
        log_path = Path(tmp) / "gunicorn.log"
        try:
            with gunicorn(env, log_path) as base:
                print("Lighthouse: home, routine, session player (logged in), print sheet ...", flush=True)
                lighthouse_rows = []
                for name, path, logged_in in (
                    ("home", reverse("routines:home"), False),
                    (f"routine ({routine.slug})", reverse("routines:routine_detail", args=[routine.slug]), False),
                    ("session player", player, True),
                    (f"print sheet ({routine.slug})", reverse("routines:routine_print", args=[routine.slug]), False),
                ):
                    report_name = name.split(" (")[0].replace(" ", "-")
                    if logged_in:
                        with logged_in_chrome(base, cookies, tmp) as port:
                            lighthouse_rows.append((name, *lighthouse(base + path, report_name, port)))
                    else:
                        lighthouse_rows.append((name, *lighthouse(base + path, report_name)))
        except Exception:
            print("gunicorn log (tail):\n" + log_tail(log_path), file=sys.stderr)
            raise
        measured = {"runs": runs, "splits": splits, "load": None, "stress": None}
        if postgres_url:
            measured["load"] = load(postgres_url, LOAD_THINK_SECONDS)
            measured["stress"] = load(postgres_database(postgres_url, "bench_stress"), 0)
        context = {**context_line(), "sw": service_worker_size(anonymous)}
        text, misses = report(pages, measured, lighthouse_rows, context)
    print()
    print(text)
    (PERF / "latest.md").write_text("<!-- Written by `make bench` (perf/bench.py). -->\n\n" + text + "\n")
    print("\nWritten to perf/latest.md")
    sys.exit(1 if misses and os.environ.get("BENCH_STRICT") == "1" else 0)


if __name__ == "__main__":
    main()

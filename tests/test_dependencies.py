"""The apps depend on each other in one direction only: babymassage → all; family → guide, clinics, safety;
guide → routines, safety (and clinics, by URL name only); clinics → routines, safety; routines → safety;
safety → none of ours. In Python imports, and for safety also in templates and URL names, so that safety's
pages render without the other apps."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {"babymassage", "clinics", "family", "guide", "routines", "safety"}
ALLOWED = {
    "babymassage": OURS,
    # A family's records as a whole (download, erasure) span the health records and the sessions.
    "family": {"family", "guide", "safety", "clinics"},
    # The baby's page links to sharing it with a clinic ({% url 'clinics:baby_share' %}); no Python import.
    "guide": {"guide", "routines", "safety", "clinics"},
    "routines": {"routines", "safety"},
    "safety": {"safety"},
    # The clinic desk prints routines' sheets and records safety's clearances; it names nothing of guide.
    "clinics": {"clinics", "routines", "safety"},
}


def imported_apps(path):
    """The first part of every module `path` imports, when it is one of our apps."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in OURS:
                yield top, node.lineno


def python_files(app):
    return sorted((ROOT / app).rglob("*.py"))


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_python_imports_go_only_in_the_allowed_directions(app):
    wrong = [f"{path.relative_to(ROOT)}:{line} imports {top}"
             for path in python_files(app) for top, line in imported_apps(path) if top not in ALLOWED[app]]
    assert wrong == []


# A URL name, a template path or a template tag library of another app, as a safety file would write it.
OTHER_APPS_IN_SAFETY = re.compile(
    r"""(?:['"](?:routines|guide|family|clinics):)"""  # {% url 'guide:…' %}, reverse("routines:…")
    r"""|(?:['"](?:routines|guide|family|clinics)/)"""  # {% include "guide/…" %}, render(…, "routines/…")
    r"""|(?:\{%\s*load\s[^%]*\b(?:routines_tags|session_tags|guide_tags)\b)""",  # another app's template tags
)


def safety_files():
    files = [*python_files("safety"), *sorted((ROOT / "templates" / "safety").rglob("*"))]
    return [path for path in files if path.is_file()]


def test_safety_names_no_url_template_or_tag_of_another_app():
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in safety_files()
             for n, line in enumerate(path.read_text().splitlines(), start=1)
             if OTHER_APPS_IN_SAFETY.search(line)]
    assert found == []


def test_the_scan_would_see_a_reference_to_another_app():
    # The pattern is what keeps the rule: it must catch each way a file can name another app.
    for line in ["{% url 'guide:session_start' baby.pk %}", 'reverse("routines:routine_list")',
                 "{% url 'clinics:baby_share' baby.pk %}",
                 '{% include "guide/_resume.html" %}', "{% load i18n session_tags %}", "{% load routines_tags %}",
                 "{% url 'family:download' %}"]:
        assert OTHER_APPS_IN_SAFETY.search(line), line
    assert not OTHER_APPS_IN_SAFETY.search("{% url 'safety:screening' baby.pk %}")


# Routines (the content library) comes before the clinics that print it: no routines file names a clinics URL,
# template or view, so the library and its print sheets work without the clinic desk.
CLINICS_IN_ROUTINES = re.compile(r"""['"]clinics:|['"]clinics/[\w.-]+\.html""")  # not the logos' upload folder


def test_routines_name_no_url_or_template_of_the_clinics_app():
    files = [*python_files("routines"), *sorted((ROOT / "templates" / "routines").rglob("*"))]
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in files if path.is_file()
             for n, line in enumerate(path.read_text().splitlines(), start=1)
             if CLINICS_IN_ROUTINES.search(line)]
    assert found == []


def test_the_routines_scan_would_see_the_clinics_app_but_not_the_logos_folder():
    for line in ["{% url 'clinics:desk' %}", 'reverse("clinics:shared_baby", args=[1])',
                 'render(r, "clinics/desk.html")']:
        assert CLINICS_IN_ROUTINES.search(line), line
    assert not CLINICS_IN_ROUTINES.search('upload_to="clinics/"')

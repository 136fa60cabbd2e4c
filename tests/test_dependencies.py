"""The apps depend on each other in one direction only: babymassage → all; family → guide, safety;
guide → routines, safety; routines → safety; safety → none of ours. In Python imports, and for safety also
in templates and URL names, so that safety's pages render without the other apps."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {"babymassage", "family", "guide", "routines", "safety"}
ALLOWED = {
    "babymassage": OURS,
    # A family's records as a whole (download, erasure) span the health records and the sessions.
    "family": {"family", "guide", "safety"},
    "guide": {"guide", "routines", "safety"},
    "routines": {"routines", "safety"},
    "safety": {"safety"},
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
    r"""(?:['"](?:routines|guide|family):)"""  # {% url 'guide:…' %}, reverse("routines:…")
    r"""|(?:['"](?:routines|guide|family)/)"""  # {% include "guide/…" %}, render(…, "routines/…")
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
                 '{% include "guide/_resume.html" %}', "{% load i18n session_tags %}", "{% load routines_tags %}",
                 "{% url 'family:download' %}"]:
        assert OTHER_APPS_IN_SAFETY.search(line), line
    assert not OTHER_APPS_IN_SAFETY.search("{% url 'safety:screening' baby.pk %}")

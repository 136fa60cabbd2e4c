"""Pages run under the Content-Security-Policy with no violation: no inline script or style anywhere."""

import pytest
from playwright.sync_api import expect

from guide.services import start_session
from routines.models import Course, Routine
from safety.services import gate_status
from tests.factories import ready_baby

pytestmark = pytest.mark.browser


def test_no_page_breaks_the_content_security_policy(site, browser, client):
    baby = ready_baby(age_days=60)
    session = start_session(gate=gate_status(baby), course=Course.objects.get(slug__contains="one-to-three"))
    session.set_checklist("ticked")
    client.force_login(baby.parent)
    cookie = client.cookies["sessionid"].value
    context = browser.new_context()  # keeps the page's policy (the default fixtures bypass it for axe)
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": site.url}])
    page = context.new_page()
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    routine = Routine.objects.get(body_area="stomach")
    paths = [
        "/", "/routines/", routine.get_absolute_url(), f"/routines/{routine.slug}/print/", "/courses/",
        f"/courses/{session.course.slug}/", f"/courses/{session.course.slug}/print/", "/games/",
        "/before-you-start/", f"/babies/{baby.pk}/", f"/babies/{baby.pk}/screening/", f"/babies/{baby.pk}/today/",
        f"/courses/{session.course.slug}/summary/", f"/print/routines/?routine={routine.slug}",
        f"/babies/{baby.pk}/clinic/",
        f"/session/{baby.pk}/start/", f"/journal/{baby.pk}/", f"/session/{baby.pk}/{session.pk}/",
    ]
    for path in paths:
        response = page.goto(site.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Done — next").click()  # an htmx swap under the policy
    expect(page.locator("#step-card")).to_have_attribute("data-step", str(session.step_ids[1]))
    context.close()
    assert violations == []

"""The Django admin works under the strict CSP: no refused inline script or style."""

import pytest

PASSWORD = "jgt-test-pass-2025"  # tests/factories.py UserFactory


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_bureau_admin_uses_the_admin_without_csp_violations(live_server, page, world):
    # Django's own autocomplete widget (select2) renders a combobox without an accessible name;
    # everything else of the admin is checked by axe-core like our pages.
    page.axe.exclude = (".select2-container",)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "t_admin")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url == f"{live_server.url}/admin/"

    for path in (
        "/admin/",
        "/admin/schools/school/",
        f"/admin/schools/school/{world.member_school.pk}/change/",
        "/admin/communities/community/add/",
        "/admin/accounts/user/add/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
    violations = [e for e in page.console_errors if "Content Security Policy" in e]
    assert violations == []


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_assessment_admin_lists_read_only_rows(live_server, page, world):
    from assessment.models import Correction, Score
    from tests.access.conftest import assessment_rows

    assessment_rows(world)
    score = Score.objects.filter(school__district=world.district).first()
    correction = Correction.objects.get(scheme__district=world.district)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "t_admin")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")

    for path in (
        "/admin/assessment/scheme/",
        "/admin/assessment/score/",
        f"/admin/assessment/score/{score.pk}/change/",
        f"/admin/assessment/correction/{correction.pk}/change/",
        "/admin/assessment/reportcode/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert page.locator("input[type=submit][name=_save]").count() == 0, path  # read-only
        name = path.strip("/").replace("/", "-")
        page.screenshot(path=f"/tmp/e2e-{name}.png", full_page=True)
    violations = [e for e in page.console_errors if "Content Security Policy" in e]
    assert violations == []
